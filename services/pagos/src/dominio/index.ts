export * from './estado-pago';
export * from './eventos';
export * from './monedas';
export * from './monto';
export * from './pago';
export * from './solicitud-pago';
