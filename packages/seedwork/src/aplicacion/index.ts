// @alpes/seedwork/aplicacion: what a service's application layer may take from seedwork (with
// @alpes/seedwork/dominio): ports, retries, paging, batching (group commit). Nothing here imports a
// framework or a driver.
export * from './puertos';
export * from './reintentos';
export * from './paginacion';
export * from './puerto-registro';
export * from './agrupador';
export * from './saturacion';
