import { MaquinaDeEstados } from '@alpes/seedwork/dominio';

/**
 * Where a liquidacion stands with the PSP. EXITOSA and RECHAZADA are final; FALLIDA reopens on
 * ReintentarPago, or becomes EXITOSA when a PSP success arrives after it failed (money moved).
 */
export const ESTADOS_LIQUIDACION = ['EN_PROCESO', 'EXITOSA', 'RECHAZADA', 'FALLIDA'] as const;
export type EstadoLiquidacion = (typeof ESTADOS_LIQUIDACION)[number];

export const MAQUINA_ESTADOS_LIQUIDACION = new MaquinaDeEstados<EstadoLiquidacion>({
  EN_PROCESO: ['EXITOSA', 'RECHAZADA', 'FALLIDA'],
  FALLIDA: ['EN_PROCESO', 'EXITOSA'],
  EXITOSA: [],
  RECHAZADA: [],
});

/** The PSP settled it for good: paid or rejected. */
export function esFinal(estado: EstadoLiquidacion): boolean {
  return MAQUINA_ESTADOS_LIQUIDACION.esFinal(estado);
}
