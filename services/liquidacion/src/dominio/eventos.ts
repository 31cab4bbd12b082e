import { EventoDominio } from '@alpes/seedwork/dominio';

export type ResultadoFinal = 'PAGADO' | 'RECHAZADO';

/** The PSP paid or rejected the pago for good. */
export class LiquidacionFinalizada extends EventoDominio {
  readonly tipo = 'LiquidacionFinalizada';

  constructor(
    idLiquidacion: string,
    readonly idPago: string,
    readonly resultado: ResultadoFinal,
    readonly referenciaPasarela: string,
    readonly motivo: string,
    readonly idCorrelacion: string,
    readonly intentoPago: number,
    ocurridoEn: Date,
  ) {
    super(idLiquidacion, ocurridoEn);
  }
}

/** Retries were exhausted (the PagoSolicitado was dead-lettered): the pago failed for now. */
export class LiquidacionFallida extends EventoDominio {
  readonly tipo = 'LiquidacionFallida';

  constructor(
    idLiquidacion: string,
    readonly idPago: string,
    readonly motivo: string,
    readonly idCorrelacion: string,
    readonly intentoPago: number,
    ocurridoEn: Date,
  ) {
    super(idLiquidacion, ocurridoEn);
  }
}

export type EventoLiquidacion = LiquidacionFinalizada | LiquidacionFallida;
