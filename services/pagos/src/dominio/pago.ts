import { ErrorDominio, RaizAgregado } from '@alpes/seedwork/dominio';
import { MAQUINA_ESTADOS_PAGO, type EstadoPago } from './estado-pago';
import {
  PagoFallido,
  PagoPagado,
  PagoRechazado,
  PagoSolicitado,
  type EventoPago,
  type TransicionPago,
} from './eventos';
import type { Monto } from '@alpes/seedwork/dominio';
import type { SolicitudPago } from './solicitud-pago';

/** One entry of a Pago's history. `desde` is null for the creation. */
export interface Transicion {
  readonly desde: EstadoPago | null;
  readonly hacia: EstadoPago;
  readonly motivo: string;
  readonly ocurridoEn: Date;
}

/** Everything a Pago holds, as stored and as read models show it. */
export interface DatosPago {
  id: string;
  claveIdempotencia: string;
  idInfluencer: string;
  idPrograma: string;
  referencia: string;
  monto: Monto;
  estado: EstadoPago;
  idCorrelacion: string;
  intentos: number;
  motivo: string;
  referenciaPasarela: string;
  creadoEn: Date;
  actualizadoEn: Date;
  version: number;
  historial: Transicion[];
}

/** Aggregate: a payment to a partner and its settlement state machine, with every transition recorded. */
export class Pago extends RaizAgregado<EventoPago> {
  private constructor(private readonly e: DatosPago) {
    super(e.id, e.version);
  }

  /** A new payment request, SOLICITADO with intento 1; raises PagoSolicitado. */
  static solicitar(id: string, solicitud: SolicitudPago, idCorrelacion: string, ahora: Date): Pago {
    const pago = new Pago({
      id,
      claveIdempotencia: solicitud.claveIdempotencia,
      idInfluencer: solicitud.idInfluencer,
      idPrograma: solicitud.idPrograma,
      referencia: solicitud.referencia,
      monto: solicitud.monto,
      estado: 'SOLICITADO',
      idCorrelacion,
      intentos: 1,
      motivo: '',
      referenciaPasarela: '',
      creadoEn: ahora,
      actualizadoEn: ahora,
      version: 0,
      historial: [],
    });
    pago.aplicar(new PagoSolicitado(id, null, pago.datosLiquidacion(), ahora));
    return pago;
  }

  /** Rebuilds a stored Pago (no events). */
  static reconstituir(estado: DatosPago): Pago {
    return new Pago({ ...estado, historial: [...estado.historial] });
  }

  get estado(): EstadoPago {
    return this.e.estado;
  }

  /** Settlement attempts requested so far (1 + retries). */
  get intentos(): number {
    return this.e.intentos;
  }

  get historial(): readonly Transicion[] {
    return this.e.historial;
  }

  /** A read-only copy of the whole state (for mapping to storage and read models). */
  instantanea(): Readonly<DatosPago> {
    return { ...this.e, version: this.version, historial: [...this.e.historial] };
  }

  /**
   * Whether `solicitud` is a resubmission of the request that created this Pago (same key and payload).
   * Both sides in NFC: a solicitud always is, and rows stored before normalisation are read as if.
   */
  esLaMismaSolicitud(solicitud: SolicitudPago): boolean {
    const nfc = (t: string) => t.normalize('NFC');
    return (
      solicitud.claveIdempotencia === nfc(this.e.claveIdempotencia) &&
      solicitud.idInfluencer === nfc(this.e.idInfluencer) &&
      solicitud.idPrograma === nfc(this.e.idPrograma) &&
      solicitud.referencia === nfc(this.e.referencia) &&
      solicitud.monto.igualA(this.e.monto)
    );
  }

  /** The gateway paid: SOLICITADO -> PAGADO, or FALLIDO -> PAGADO when its success came late. */
  marcarPagado(referenciaPasarela: string, ahora: Date): void {
    const desde = this.e.estado === 'FALLIDO' ? 'FALLIDO' : 'SOLICITADO';
    this.aplicar(new PagoPagado(this.id, referenciaPasarela, ahora, desde));
    this.e.referenciaPasarela = referenciaPasarela;
    this.e.motivo = '';
  }

  /** The gateway rejected it for good: SOLICITADO -> RECHAZADO. */
  marcarRechazado(motivo: string, ahora: Date): void {
    this.aplicar(new PagoRechazado(this.id, motivo, ahora));
    this.e.motivo = motivo;
  }

  /** Settlement retries exhausted: SOLICITADO -> FALLIDO. */
  marcarFallido(motivo: string, ahora: Date): void {
    this.aplicar(new PagoFallido(this.id, motivo, ahora));
    this.e.motivo = motivo;
  }

  /**
   * An operator retries a failed payment: FALLIDO -> SOLICITADO, intento + 1, a new PagoSolicitado.
   * Exactly-once rests on the PSP remembering the idempotency key (id_pago) of the first call; a retry
   * later than `plazoMs` after the request could reach a PSP that forgot it and pay twice, so it is
   * refused: an operator reconciles with the PSP's ledger instead.
   */
  reintentar(ahora: Date, plazoMs = Infinity): void {
    this.verificarTransicion('SOLICITADO');
    if (ahora.getTime() - this.e.creadoEn.getTime() >= plazoMs) {
      throw ErrorDominio.precondicion(
        'id_pago',
        `el pago se solicitó hace más de ${Math.round(plazoMs / 3_600_000)} h: la pasarela puede haber ` +
          'olvidado su clave de idempotencia; concilie con la pasarela antes de reintentar',
      );
    }
    this.e.intentos += 1;
    this.e.motivo = '';
    this.aplicar(new PagoSolicitado(this.id, this.e.estado, this.datosLiquidacion(), ahora));
  }

  private datosLiquidacion() {
    return {
      idInfluencer: this.e.idInfluencer,
      idPrograma: this.e.idPrograma,
      referencia: this.e.referencia,
      monto: this.e.monto,
      idCorrelacion: this.e.idCorrelacion,
      intento: this.e.intentos,
    };
  }

  /** The one place that checks the state machine, records the transition and raises its event. */
  private aplicar(evento: TransicionPago & EventoPago): void {
    if (evento.desde !== null) this.verificarTransicion(evento.hacia);
    this.e.historial.push({
      desde: evento.desde,
      hacia: evento.hacia,
      motivo: evento.motivo,
      ocurridoEn: evento.ocurridoEn,
    });
    this.e.estado = evento.hacia;
    this.e.actualizadoEn = evento.ocurridoEn;
    this.registrar(evento);
  }

  private verificarTransicion(hacia: EstadoPago): void {
    MAQUINA_ESTADOS_PAGO.exigir('un pago', this.e.estado, hacia);
  }
}
