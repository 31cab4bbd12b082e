/** Outcome of one PSP call. */
export type ResultadoIntento = 'EXITOSO' | 'RECHAZADO' | 'ERROR_TRANSITORIO';

/** One call to the PSP, as recorded: numbered from 1 across the whole liquidacion. */
export interface IntentoLiquidacion {
  readonly numero: number;
  readonly ocurridoEn: Date;
  readonly resultado: ResultadoIntento;
  /** Rejection reason or transient error; empty when paid. */
  readonly error: string;
  readonly duracionMs: number;
  /** The pago's round (PagoSolicitado.intento) this call belonged to. */
  readonly intentoPago: number;
}
