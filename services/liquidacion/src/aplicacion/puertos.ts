// What the application needs from the outside world. Adapters: infraestructura/.
import type { GeneradorIds, Reloj, Transaccion, UnidadDeTrabajo } from '@alpes/seedwork/aplicacion';
import type { Monto } from '@alpes/seedwork/dominio';
import type { EstadoLiquidacion, Liquidacion } from '../dominio';
import type { VistaLiquidacion } from './vista-liquidacion';

export type { GeneradorIds, Reloj, Transaccion, UnidadDeTrabajo };

export interface RepositorioLiquidaciones {
  porIdPago(tx: Transaccion, idPago: string): Promise<Liquidacion | undefined>;
  /** porIdPago and whether the inbox already has `evento`, in one read. */
  porIdPagoConInbox(tx: Transaccion, idPago: string, evento: EventoAplicado): Promise<LecturaConInbox>;
  /**
   * Inserts a new liquidacion (version 0) or updates it if still at its loaded version, writes its new
   * attempts and its pending events (outbox) in `tx`. ErrorConcurrencia when another writer got there first.
   */
  guardar(tx: Transaccion, liquidacion: Liquidacion, contexto?: { traceparent?: string }): Promise<void>;
  /**
   * guardar for a stored liquidacion plus the inbox row of the event it applies, all or nothing and atomic
   * by itself (no transaction needed). 'evento-ya-registrado' (nothing written) when the inbox already had
   * the event; ErrorConcurrencia when the liquidacion changed since it was loaded.
   */
  guardarConInbox(
    tx: Transaccion,
    liquidacion: Liquidacion,
    evento: EventoAplicado,
    contexto?: { traceparent?: string },
  ): Promise<'guardada' | 'evento-ya-registrado'>;
}

/** What porIdPagoConInbox reads. */
export interface LecturaConInbox {
  liquidacion: Liquidacion | undefined;
  eventoRegistrado: boolean;
}

/**
 * RepositorioLiquidaciones' one-statement operations outside any transaction: each is atomic by itself (its
 * statement commits on its own), with the outcomes of the method of the same name. The adapter may group
 * concurrent calls into one statement per group; each caller still gets its own outcome.
 */
export interface LiquidacionesSinTransaccion {
  porIdPagoConInbox(idPago: string, evento: EventoAplicado): Promise<LecturaConInbox>;
  /** A new liquidacion (ErrorConcurrencia on id_pago when taken) or a stored one at its loaded version. */
  guardar(liquidacion: Liquidacion, contexto?: { traceparent?: string }): Promise<void>;
  guardarConInbox(
    liquidacion: Liquidacion,
    evento: EventoAplicado,
    contexto?: { traceparent?: string },
  ): Promise<'guardada' | 'evento-ya-registrado'>;
}

/** An inbox entry: event `idEvento` applied by `consumidor`. */
export interface EventoAplicado {
  idEvento: string;
  consumidor: string;
}

/** Ids of events already applied, per consumer; rows live in the same transaction as the state change. */
export interface Inbox {
  /** True the first time; false when recorded before (a concurrent duplicate waits for the first's commit). */
  registrarSiNuevo(tx: Transaccion, idEvento: string, consumidor: string): Promise<boolean>;
}

export interface SolicitudTransferencia {
  idPago: string;
  idInfluencer: string;
  monto: Monto;
}

/**
 * Why a call failed for now, when it says more than "retry": our credentials were refused (operators
 * must act: alert), or the idempotency key is still in use by another call in flight.
 */
export type CausaTransitoria = 'credenciales' | 'clave-en-uso';

/** How the PSP answered one call: paid, rejected for good (never retried) or failed for now (retried). */
export type ResultadoPasarela =
  | { tipo: 'pagado'; referencia: string }
  | { tipo: 'rechazado'; motivo: string; estadoHttp?: number }
  | { tipo: 'transitorio'; error: string; estadoHttp?: number; causa?: CausaTransitoria };

/** The external payment gateway. Every call carries Idempotency-Key = id_pago, so repeating one never pays twice. */
export interface PasarelaPagos {
  /** Never throws for a PSP failure: classifies it as rechazado or transitorio. */
  transferir(solicitud: SolicitudTransferencia): Promise<ResultadoPasarela>;
}

/** Which stored field a delivered PagoSolicitado contradicts. */
export type CampoDiscrepante = 'id_influencer' | 'monto';

/** What operators must be alerted to (metrics adapter): events the use cases refused to act on. */
export interface AlertasLiquidacion {
  /** A PagoSolicitado whose payee or amount differs from its stored liquidacion: dead-lettered, not paid. */
  eventoDiscrepante(campo: CampoDiscrepante): void;
}

export interface FiltroLiquidaciones {
  estado?: EstadoLiquidacion;
  limite: number;
  /** Keyset cursor: only rows strictly older (lower secuencia) than this one. */
  antesDe?: bigint;
}

/** The read side: liquidaciones as views (VistaLiquidacion), newest first. */
export interface ConsultasLiquidaciones {
  porIdPago(idPago: string): Promise<VistaLiquidacion | undefined>;
  listar(filtro: FiltroLiquidaciones): Promise<Array<VistaLiquidacion & { secuencia: bigint }>>;
}
