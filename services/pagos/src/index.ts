// Public surface of the pagos package (for tests and tools): the composition root, migrations, and the
// group commit's statement built from plain requests (no domain objects or knex cross the boundary).
export { crearContenedor } from './contenedor';
export { leerConfiguracionPagos } from './configuracion';
export { MIGRACIONES_PAGOS } from './infraestructura/migraciones';
export {
  sentenciaAltaPorLote,
  type SentenciaAlta,
  type SolicitudAlta,
} from './infraestructura/alta-por-lotes';
