export * from './puertos';
export * from './reintentos';
