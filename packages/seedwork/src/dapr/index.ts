export { registrarAppCallback, OpcionesAppCallback } from './app-callback';
export { PublicadorDapr, OpcionesPublicadorDapr } from './publicador-dapr';
export { RegistroMinimo } from './registro-minimo';
export { Limitador } from './limitador';
