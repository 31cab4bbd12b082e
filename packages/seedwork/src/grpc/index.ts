export * from './errores';
export * from './servidor';
export * from './unario';
export * from './autorizacion';
