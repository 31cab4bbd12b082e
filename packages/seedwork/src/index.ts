// @alpes/seedwork: the code both services share (DDD base types, ports, outbox/inbox, gRPC bootstrap,
// configuration, logging, metrics, tracing). Domain types are also importable alone from './dominio'.
export * from './mensajeria/puertos';
export * from './dominio';
export * from './aplicacion';
export * from './infraestructura';
export * from './configuracion';
export * from './configuracion-base-datos';
export * from './registro';
export * from './metricas';
export * from './trazas';
export * from './grpc';
export * from './dapr';
export * from './autenticacion';
