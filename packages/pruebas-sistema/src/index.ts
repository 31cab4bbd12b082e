export * from './sistema-de-prueba';
export * from './cluster/sistema-en-cluster';
