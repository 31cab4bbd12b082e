/**
 * States of a Pago. SOLICITADO -> PAGADO | RECHAZADO | FALLIDO; FALLIDO -> SOLICITADO only by
 * ReintentarPago; FALLIDO -> PAGADO when the PSP's success arrives after the failure (money moved).
 */
export const ESTADOS_PAGO = ['SOLICITADO', 'PAGADO', 'RECHAZADO', 'FALLIDO'] as const;
export type EstadoPago = (typeof ESTADOS_PAGO)[number];

const TRANSICIONES: Record<EstadoPago, readonly EstadoPago[]> = {
  SOLICITADO: ['PAGADO', 'RECHAZADO', 'FALLIDO'],
  FALLIDO: ['SOLICITADO', 'PAGADO'],
  PAGADO: [],
  RECHAZADO: [],
};

/** Whether the state machine allows going from `desde` to `hacia`. */
export function transicionPermitida(desde: EstadoPago, hacia: EstadoPago): boolean {
  return TRANSICIONES[desde].includes(hacia);
}

/** PAGADO and RECHAZADO are final; FALLIDO can still be retried. */
export function esFinal(estado: EstadoPago): boolean {
  return TRANSICIONES[estado].length === 0;
}
