// CloudEvent types of our events (DESIGN §4): the full proto message name, so the type carries the
// contract's version. Publishers stamp it, subscribers accept nothing else.

/** Proto package of the events (proto/alpespartners/eventos/v1/eventos.proto). */
export const PAQUETE_EVENTOS = 'alpespartners.eventos.v1';

/** Version of the event contract, the last segment of its package (v1). */
export const VERSION_EVENTOS = PAQUETE_EVENTOS.slice(PAQUETE_EVENTOS.lastIndexOf('.') + 1);

/** CloudEvent type of each event. */
export const TIPOS_EVENTO = {
  pagoSolicitado: `${PAQUETE_EVENTOS}.PagoSolicitado`,
  liquidacionFinalizada: `${PAQUETE_EVENTOS}.LiquidacionFinalizada`,
  liquidacionFallida: `${PAQUETE_EVENTOS}.LiquidacionFallida`,
} as const;
