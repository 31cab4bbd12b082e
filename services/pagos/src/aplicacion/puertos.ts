// What the application needs from the outside world; adapters live in infraestructura/.
import type { Transaccion } from '@alpes/seedwork/aplicacion';
import type { EstadoPago, DatosPago, Pago } from '../dominio';

export type { GeneradorIds, Reloj, Transaccion, UnidadDeTrabajo } from '@alpes/seedwork/aplicacion';

/** Pago aggregates, read and written inside a transaction. */
export interface RepositorioPagos {
  porId(tx: Transaccion, id: string): Promise<Pago | undefined>;
  porClaveIdempotencia(tx: Transaccion, clave: string): Promise<Pago | undefined>;
  /**
   * Stores a NEW pago with its history and outbox rows, committed when it resolves (the hot path of
   * SolicitarPago: the adapter may write many callers' pagos in one statement and one commit), unless its
   * idempotency key is already taken: then nothing is written and it resolves with the pago holding the
   * key. A concurrent insert of the same key is waited for.
   */
  agregarSiClaveLibre(pago: Pago): Promise<ResultadoAgregar>;
  /**
   * Inserts (version 0) or updates (expecting the loaded version), records the new transitions in the
   * history and writes the events to be published to the outbox, all in `tx`. Throws ErrorConcurrencia
   * when another writer got there first (version changed, or the idempotency key was just taken).
   */
  guardar(tx: Transaccion, pago: Pago): Promise<void>;
  /**
   * The pagos with these ids that exist, by id, each locked in `tx` until it ends (taken in id order, so
   * two transactions loading overlapping pagos wait instead of deadlocking): nobody else changes them
   * before `tx` saves them. Throws ErrorConcurrencia when a pago changed while its lock was awaited.
   */
  porIds(tx: Transaccion, ids: readonly string[]): Promise<Map<string, Pago>>;
  /**
   * guardar for many loaded pagos (none new) at once: every row, history and outbox row in `tx`, or, when
   * any pago's version changed since it was loaded, ErrorConcurrencia (and `tx` must be rolled back).
   */
  guardarVarios(tx: Transaccion, pagos: readonly Pago[]): Promise<void>;
}

/** What agregarSiClaveLibre did: stored the new pago, or found its key taken by `existente`. */
export type ResultadoAgregar = { agregado: true } | { agregado: false; existente: Pago };

/** How a Pago is shown by queries and command replies. */
export type VistaPago = Readonly<DatosPago>;

/** Filters of ListarPagos; the cursor is the position after which to continue (newest first). */
export interface FiltroPagos {
  estado?: EstadoPago;
  idInfluencer?: string;
}

/** One page of a listing: the pagos and the cursor of the last one (to continue after it). */
export interface PaginaPagos {
  pagos: VistaPago[];
  cursorSiguiente?: string;
}

/** Read side: queries that need no aggregate. */
export interface ConsultasPagos {
  /** The pago with its full history, or undefined. */
  obtener(id: string): Promise<VistaPago | undefined>;
  /** Up to `limite` pagos matching `filtro`, newest first, after `cursor` (from a previous page). */
  listar(filtro: FiltroPagos, limite: number, cursor?: string): Promise<PaginaPagos>;
}

/** Event ids already applied by a consumer, in the same transaction as the change they made. */
export interface Inbox {
  /** True the first time `idEvento` is seen by `consumidor`; false for a redelivery. */
  registrarSiNuevo(tx: Transaccion, idEvento: string, consumidor: string): Promise<boolean>;
  /** registrarSiNuevo for many: the ids seen now for the first time (an id repeated in the list, once). */
  registrarNuevos(tx: Transaccion, idsEventos: readonly string[], consumidor: string): Promise<Set<string>>;
}
