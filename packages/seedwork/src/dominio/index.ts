export * from './error-dominio';
export * from './evento-dominio';
export * from './raiz-agregado';
