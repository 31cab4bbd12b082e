// Public surface of the pagos package (for tests and tools): the composition root and migrations.
export { crearContenedor } from './contenedor';
export { leerConfiguracionPagos } from './configuracion';
export { MIGRACIONES_PAGOS } from './infraestructura/migraciones';
