// @alpes/entorno: the local runtime (provisioning, supervisor, process definitions) and the test harness.
export * from './componentes';
export * from './errores';
export { conProgreso, paso } from './progreso';
export { colaDeArchivo, ejecutarConRegistro, exigirHerramienta } from './aprovisionamiento/comandos';
export * from './procesos/control-http';
export * from './procesos/supervisor';
export * from './puertos';
export * from './recursos-dapr';
export * from './rutas';
export * from './versiones';
export * from './pruebas';
export * from './sistema';
export * from './tokens-dapr';
export { aprovisionarGrpcurl, rutaGrpcurl } from './aprovisionamiento/grpcurl';
export { grpcSirviendo } from './sondas';
export { aprovisionarPulsar } from './aprovisionamiento/pulsar';
export { binariosPostgres } from './aprovisionamiento/postgres';
export * from './credencial';
