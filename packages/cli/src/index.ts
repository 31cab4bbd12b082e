// Library face of the CLI, reused by the drills (@alpes/simulacros): clients, money formatting,
// bulk replay and exit-code mapping (the pasarela client is @alpes/cliente-pasarela).
export * from './clientes/grpc';
export * from './codigos-salida';
export * from './dinero';
export * from './reintento-masivo';
export { tabla, ficha, type Columna } from './tabla';
export { nombreEstadoPago, nombreEstadoLiquidacion, textoMonto } from './presentacion';
export { analizarArgumentos, type Invocacion } from './argumentos';
export * from './direcciones';
export * from './opciones-numericas';
// the credential its clients send (the drills' k8s target signs with the cluster's dev key)
export { dirCredencialCluster, proveedorTokenLocal, type ProveedorToken } from '@alpes/seedwork';
