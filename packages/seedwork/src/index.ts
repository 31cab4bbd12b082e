export * from './mensajeria/puertos';
