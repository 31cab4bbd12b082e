export * from './inbox';
export * from './migraciones';
export * from './outbox';
export * from './postgres';
export * from './relay-outbox';
export * from './base-temporal';
export * from './migraciones-seedwork';
export * from './limites-postgres';
