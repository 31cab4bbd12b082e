// @alpes/seedwork/servicio: the process skeleton both services start and stop through.
export {
  ErrorArranque,
  iniciarEsqueletoServicio,
  PLAZO_RELAY_POR_DEFECTO_MS,
  type ConfiguracionEsqueleto,
  type DefinicionServicio,
  type PartesServicio,
  servicioIniciado,
  type ServicioEnMarcha,
  type ServicioIniciado,
} from './esqueleto';
export { ejecutarServicio, MARGEN_DETENCION_MS, type ProcesoServicio } from './proceso';
export { ejecutarMigraciones } from './migracion';
export {
  knexDelServicio,
  publicadorDelServicio,
  purgaInboxDelServicio,
  relayDelServicio,
  type ConfiguracionInfraestructura,
} from './infraestructura-servicio';
