/**
 * Where a liquidacion stands with the PSP. EXITOSA and RECHAZADA are final; FALLIDA reopens on
 * ReintentarPago, or becomes EXITOSA when a PSP success arrives after it failed (money moved).
 */
export type EstadoLiquidacion = 'EN_PROCESO' | 'EXITOSA' | 'RECHAZADA' | 'FALLIDA';

export const ESTADOS_LIQUIDACION: readonly EstadoLiquidacion[] = [
  'EN_PROCESO',
  'EXITOSA',
  'RECHAZADA',
  'FALLIDA',
];

const TRANSICIONES: Record<EstadoLiquidacion, readonly EstadoLiquidacion[]> = {
  EN_PROCESO: ['EXITOSA', 'RECHAZADA', 'FALLIDA'],
  FALLIDA: ['EN_PROCESO', 'EXITOSA'],
  EXITOSA: [],
  RECHAZADA: [],
};

export function transicionPermitida(desde: EstadoLiquidacion, hacia: EstadoLiquidacion): boolean {
  return TRANSICIONES[desde].includes(hacia);
}

/** The PSP settled it for good: paid or rejected. */
export function esFinal(estado: EstadoLiquidacion): boolean {
  return estado === 'EXITOSA' || estado === 'RECHAZADA';
}
