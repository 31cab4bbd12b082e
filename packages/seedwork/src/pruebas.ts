// @alpes/seedwork/pruebas: for tests only (throwaway databases), kept out of the production entries.
export * from './infraestructura/base-temporal';
