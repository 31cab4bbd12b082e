// The pasarela-simulada admin API (DESIGN §6, services/pasarela-simulada/README.md) as every
// tool uses it: the CLI, the drills, the bench and the system tests.
export { ClientePasarela } from './cliente';
export { ErrorConexion, ErrorHttp, causaDeFetch } from './errores';
export type { EstadoPasarela, Fallas, Transferencia } from './tipos';
