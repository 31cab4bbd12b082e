export * from './cache-tokens';
export * from './certificado-de-prueba';
export * from './configuracion-seguridad';
export * from './credencial-cliente';
export * from './credencial-local';
export * from './verificador-tokens';
export * from './credencial-de-prueba';
