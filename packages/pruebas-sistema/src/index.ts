export * from './cliente-pasarela';
export * from './sistema-de-prueba';
