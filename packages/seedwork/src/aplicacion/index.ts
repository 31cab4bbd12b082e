export * from './puertos';
export * from './reintentos';
export * from './paginacion';
