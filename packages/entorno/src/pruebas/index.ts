export * from './entorno-de-prueba';
