import { ErrorDominio, RaizAgregado } from '@alpes/seedwork/dominio';
import { esFinal, MAQUINA_ESTADOS_LIQUIDACION, type EstadoLiquidacion } from './estado-liquidacion';
import { LiquidacionFallida, LiquidacionFinalizada, type EventoLiquidacion } from './eventos';
import type { IntentoLiquidacion } from './intento';
import type { Monto } from '@alpes/seedwork/dominio';

/** Everything a liquidacion holds; what the repository stores and reads back. */
export interface DatosLiquidacion {
  id: string;
  idPago: string;
  idInfluencer: string;
  monto: Monto;
  estado: EstadoLiquidacion;
  referenciaPasarela: string;
  motivo: string;
  idCorrelacion: string;
  /** Round of the pago being settled: PagoSolicitado.intento (1, then +1 per ReintentarPago). */
  intentoPago: number;
  intentos: IntentoLiquidacion[];
  creadaEn: Date;
  actualizadaEn: Date;
  version: number;
}

export interface DatosInicio {
  id: string;
  idPago: string;
  idInfluencer: string;
  monto: Monto;
  idCorrelacion: string;
  intentoPago: number;
}

/** What a PagoSolicitado asks of this liquidacion. */
export type DecisionSolicitud =
  /** Call the PSP (Idempotency-Key = id_pago). */
  | 'llamar-pasarela'
  /** Already paid or rejected: a redelivery, nothing to do. */
  | 'ya-finalizada'
  /** Already paid or rejected, asked again in a newer round: the result is announced again, no PSP call. */
  | 'reanunciada'
  /** An older round than the one held, or a round that already failed: nothing to do. */
  | 'obsoleta';

/** What the PSP answered to one call. */
export type Desenlace =
  | { tipo: 'pagado'; referencia: string }
  | { tipo: 'rechazado'; motivo: string }
  | { tipo: 'transitorio'; error: string };

export interface Llamada {
  ocurridoEn: Date;
  duracionMs: number;
}

/** The settlement of one pago with the PSP: its state and every call made. */
export class Liquidacion extends RaizAgregado<EventoLiquidacion> {
  private constructor(private datos: DatosLiquidacion) {
    super(datos.id, datos.version);
  }

  static iniciar(inicio: DatosInicio, ahora: Date): Liquidacion {
    if (inicio.intentoPago < 1) throw ErrorDominio.invalido('intento', 'debe ser 1 o mayor');
    return new Liquidacion({
      ...inicio,
      estado: 'EN_PROCESO',
      referenciaPasarela: '',
      motivo: '',
      intentos: [],
      creadaEn: ahora,
      actualizadaEn: ahora,
      version: 0,
    });
  }

  static reconstituir(datos: DatosLiquidacion): Liquidacion {
    return new Liquidacion({ ...datos, intentos: [...datos.intentos] });
  }

  get idPago(): string {
    return this.datos.idPago;
  }
  get estado(): EstadoLiquidacion {
    return this.datos.estado;
  }
  get intentoPago(): number {
    return this.datos.intentoPago;
  }
  get intentos(): readonly IntentoLiquidacion[] {
    return this.datos.intentos;
  }
  get referenciaPasarela(): string {
    return this.datos.referenciaPasarela;
  }

  /** A read-only copy of the state (repository, query views). */
  instantanea(): Readonly<DatosLiquidacion> {
    return { ...this.datos, intentos: [...this.datos.intentos], version: this.version };
  }

  /** Decides what a PagoSolicitado of round `intentoPago` means here, applying any state change it implies. */
  recibirSolicitud(intentoPago: number, ahora: Date): DecisionSolicitud {
    const actual = this.datos.intentoPago;
    if (intentoPago < actual) return 'obsoleta';
    switch (this.datos.estado) {
      case 'EN_PROCESO':
        if (intentoPago > actual) this.cambiar({ intentoPago }, ahora);
        return 'llamar-pasarela';
      case 'FALLIDA':
        if (intentoPago === actual) return 'obsoleta';
        this.transicionar('EN_PROCESO', ahora, { intentoPago, motivo: '' });
        return 'llamar-pasarela';
      case 'EXITOSA':
      case 'RECHAZADA':
        if (intentoPago === actual) return 'ya-finalizada';
        this.cambiar({ intentoPago }, ahora);
        this.anunciarFinal(ahora);
        return 'reanunciada';
    }
  }

  /**
   * The field in which a PagoSolicitado differs from what this liquidacion was opened for (the payee or
   * the amount), or undefined when it matches. The PSP is only ever asked for the stored values.
   */
  discrepanciaCon(idInfluencer: string, monto: Monto): 'id_influencer' | 'monto' | undefined {
    if (idInfluencer !== this.datos.idInfluencer) return 'id_influencer';
    if (!monto.igualA(this.datos.monto)) return 'monto';
    return undefined;
  }

  /** What the PSP is asked to pay: always the stored payee and amount, never a delivered event's. */
  get transferencia(): { idPago: string; idInfluencer: string; monto: Monto } {
    const d = this.datos;
    return { idPago: d.idPago, idInfluencer: d.idInfluencer, monto: d.monto };
  }

  /**
   * Records one PSP call. An EN_PROCESO liquidacion is settled by it. A FALLIDA one that the PSP paid
   * after all (the answer came after the dead letter) becomes EXITOSA: money moved, so the state says so
   * and LiquidacionFinalizada(PAGADO) goes out. Any other answer to a liquidacion no longer EN_PROCESO
   * (settled by a concurrent delivery, or a late rejection) is kept in the history only.
   */
  registrarLlamada(desenlace: Desenlace, llamada: Llamada): void {
    const error =
      desenlace.tipo === 'rechazado'
        ? desenlace.motivo
        : desenlace.tipo === 'transitorio'
          ? desenlace.error
          : '';
    this.datos.intentos.push({
      numero: this.datos.intentos.length + 1,
      ocurridoEn: llamada.ocurridoEn,
      resultado:
        desenlace.tipo === 'pagado'
          ? 'EXITOSO'
          : desenlace.tipo === 'rechazado'
            ? 'RECHAZADO'
            : 'ERROR_TRANSITORIO',
      error,
      duracionMs: Math.max(0, Math.round(llamada.duracionMs)),
      intentoPago: this.datos.intentoPago,
    });
    const ahora = llamada.ocurridoEn;
    this.datos.actualizadaEn = ahora;
    if (desenlace.tipo === 'transitorio') return;
    const tardio = this.datos.estado === 'FALLIDA' && desenlace.tipo === 'pagado';
    if (this.datos.estado !== 'EN_PROCESO' && !tardio) return;
    if (desenlace.tipo === 'pagado') {
      this.transicionar('EXITOSA', ahora, { referenciaPasarela: desenlace.referencia, motivo: '' });
    } else {
      this.transicionar('RECHAZADA', ahora, { motivo: desenlace.motivo });
    }
    this.anunciarFinal(ahora);
  }

  /**
   * Retries are exhausted (dead letter). True when it changed the state (and raised LiquidacionFallida);
   * false when there is nothing to fail: already final or already FALLIDA.
   */
  marcarFallida(ahora: Date): boolean {
    if (this.datos.estado !== 'EN_PROCESO') return false;
    const ultimo = this.datos.intentos.at(-1);
    const motivo = ultimo?.error
      ? `reintentos agotados; ultimo error: ${ultimo.error}`
      : 'reintentos agotados';
    this.transicionar('FALLIDA', ahora, { motivo });
    const d = this.datos;
    this.registrar(new LiquidacionFallida(d.id, d.idPago, motivo, d.idCorrelacion, d.intentoPago, ahora));
    return true;
  }

  private anunciarFinal(ahora: Date): void {
    const d = this.datos;
    const resultado = d.estado === 'EXITOSA' ? 'PAGADO' : 'RECHAZADO';
    this.registrar(
      new LiquidacionFinalizada(
        d.id,
        d.idPago,
        resultado,
        d.referenciaPasarela,
        d.motivo,
        d.idCorrelacion,
        d.intentoPago,
        ahora,
      ),
    );
  }

  private transicionar(hacia: EstadoLiquidacion, ahora: Date, cambios: Partial<DatosLiquidacion> = {}): void {
    MAQUINA_ESTADOS_LIQUIDACION.exigir('una liquidacion', this.datos.estado, hacia);
    this.cambiar({ ...cambios, estado: hacia }, ahora);
  }

  private cambiar(cambios: Partial<DatosLiquidacion>, ahora: Date): void {
    this.datos = { ...this.datos, ...cambios, actualizadaEn: ahora };
  }

  /** True once the PSP paid or rejected. */
  get finalizada(): boolean {
    return esFinal(this.datos.estado);
  }
}
