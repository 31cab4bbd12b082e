export * from './estado-liquidacion';
export * from './eventos';
export * from './intento';
export * from './liquidacion';
