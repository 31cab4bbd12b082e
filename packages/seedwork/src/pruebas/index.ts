// @alpes/seedwork/pruebas: for tests only, kept out of the production entries. Throwaway databases and
// what both services' tests check the same way (the database role boundary, refusing to start without
// configuration, calling a gRPC API), and a stand-in OTLP collector for tracing tests.
export * from '../infraestructura/base-temporal';
export * from './arranque';
export * from './esquema';
export * from './llamadas-grpc';
export * from './puertos';
export * from './receptor-otlp';
