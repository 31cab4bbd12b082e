export * from './estado-pago';
export * from './eventos';
export * from './pago';
export * from './solicitud-pago';
