// @alpes/entorno: the local runtime (provisioning, supervisor, process definitions) and the test harness.
export * from './componentes';
export * from './errores';
export { conProgreso, paso, type Fase } from './progreso';
export {
  colaDeArchivo,
  ejecutarConRegistro,
  exigirGo,
  exigirHerramienta,
  GO_MINIMO,
} from './aprovisionamiento/comandos';
export { aprovisionarHelm, rutaHelm } from './aprovisionamiento/helm';
export * from './procesos/control-http';
export { ARCHIVO_TOKEN_CONTROL, generarTokenControl, leerTokenControl } from './procesos/token-control';
export * from './procesos/supervisor';
export * from './puertos-locales';
export * from './recursos-dapr';
export * from './rutas';
export * from './versiones';
export * from './pruebas';
export * from './sistema';
export { prepararBasesDeDatos, rolesLocales, variablesBaseDatos } from './bases-de-datos';
export * from './tokens-dapr';
export { aprovisionarGrpcurl, rutaGrpcurl } from './aprovisionamiento/grpcurl';
export { grpcSirviendo } from './sondas';
export { aprovisionarPulsar } from './aprovisionamiento/pulsar';
export { binariosPostgres } from './aprovisionamiento/postgres';
export * from './credencial';
