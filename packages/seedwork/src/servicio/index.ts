// @alpes/seedwork/servicio: the process skeleton both services start and stop through.
export {
  ErrorArranque,
  iniciarEsqueletoServicio,
  type ConfiguracionEsqueleto,
  type DefinicionServicio,
  type PartesServicio,
  type ServicioEnMarcha,
} from './esqueleto';
export {
  knexDelServicio,
  publicadorDelServicio,
  purgaInboxDelServicio,
  relayDelServicio,
  type ConfiguracionInfraestructura,
} from './infraestructura-servicio';
