import { EventoDominio } from '@alpes/seedwork/dominio';
import type { EstadoPago } from './estado-pago';
import type { Monto } from '@alpes/seedwork/dominio';

/** Every event of a Pago is a state transition; the history is the list of these. */
export abstract class TransicionPago extends EventoDominio {
  protected constructor(
    idPago: string,
    readonly desde: EstadoPago | null,
    readonly hacia: EstadoPago,
    readonly motivo: string,
    ocurridoEn: Date,
  ) {
    super(idPago, ocurridoEn);
  }
}

/** What a settlement needs to know (first request or a retry). */
export interface DatosPagoSolicitado {
  idInfluencer: string;
  idPrograma: string;
  referencia: string;
  monto: Monto;
  idCorrelacion: string;
  intento: number;
}

/** A settlement was requested: first time (desde null) or a retry after FALLIDO (intento + 1). Published. */
export class PagoSolicitado extends TransicionPago {
  readonly tipo = 'PagoSolicitado';
  constructor(
    idPago: string,
    desde: EstadoPago | null,
    readonly datos: DatosPagoSolicitado,
    ocurridoEn: Date,
  ) {
    super(idPago, desde, 'SOLICITADO', desde === null ? '' : 'reintento solicitado', ocurridoEn);
  }
}

/** The gateway paid: from SOLICITADO, or from FALLIDO when its success came after the failure. */
export class PagoPagado extends TransicionPago {
  readonly tipo = 'PagoPagado';
  constructor(
    idPago: string,
    readonly referenciaPasarela: string,
    ocurridoEn: Date,
    desde: 'SOLICITADO' | 'FALLIDO' = 'SOLICITADO',
  ) {
    super(idPago, desde, 'PAGADO', desde === 'FALLIDO' ? MOTIVO_PAGO_TARDIO : '', ocurridoEn);
  }
}

/** History motivo of a PAGADO that came after FALLIDO. */
export const MOTIVO_PAGO_TARDIO = 'la pasarela confirmó el pago después de la falla';

/** The gateway rejected the payout for good (no retry). */
export class PagoRechazado extends TransicionPago {
  readonly tipo = 'PagoRechazado';
  constructor(idPago: string, motivo: string, ocurridoEn: Date) {
    super(idPago, 'SOLICITADO', 'RECHAZADO', motivo, ocurridoEn);
  }
}

/** Settlement retries were exhausted; can be retried by an operator (ReintentarPago). */
export class PagoFallido extends TransicionPago {
  readonly tipo = 'PagoFallido';
  constructor(idPago: string, motivo: string, ocurridoEn: Date) {
    super(idPago, 'SOLICITADO', 'FALLIDO', motivo, ocurridoEn);
  }
}

/** Any event a Pago raises. */
export type EventoPago = PagoSolicitado | PagoPagado | PagoRechazado | PagoFallido;
