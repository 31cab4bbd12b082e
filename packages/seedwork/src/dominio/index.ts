export * from './error-dominio';
export * from './evento-dominio';
export * from './raiz-agregado';
export * from './monedas';
export * from './formato-monto';
export * from './monto';
export * from './texto';
export * from './maquina-de-estados';
