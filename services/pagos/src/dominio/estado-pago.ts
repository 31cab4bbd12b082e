import { MaquinaDeEstados } from '@alpes/seedwork/dominio';

/**
 * States of a Pago. SOLICITADO -> PAGADO | RECHAZADO | FALLIDO; FALLIDO -> SOLICITADO only by
 * ReintentarPago; FALLIDO -> PAGADO when the PSP's success arrives after the failure (money moved).
 */
export const ESTADOS_PAGO = ['SOLICITADO', 'PAGADO', 'RECHAZADO', 'FALLIDO'] as const;
export type EstadoPago = (typeof ESTADOS_PAGO)[number];

export const MAQUINA_ESTADOS_PAGO = new MaquinaDeEstados<EstadoPago>({
  SOLICITADO: ['PAGADO', 'RECHAZADO', 'FALLIDO'],
  FALLIDO: ['SOLICITADO', 'PAGADO'],
  PAGADO: [],
  RECHAZADO: [],
});

/** PAGADO and RECHAZADO are final; FALLIDO can still be retried. */
export function esFinal(estado: EstadoPago): boolean {
  return MAQUINA_ESTADOS_PAGO.esFinal(estado);
}
