// Postgres access through knex, and the knex-backed UnidadDeTrabajo.
import { randomUUID } from 'node:crypto';
import knexFactory, { type Knex } from 'knex';
import type { GeneradorIds, Reloj, Transaccion, UnidadDeTrabajo } from '../aplicacion/puertos';

/** Options of crearKnex. */
export interface OpcionesPostgres {
  url: string;
  /** Connections in the pool (default 10). */
  maximoConexiones?: number;
  /** Shown in pg_stat_activity. */
  nombreAplicacion?: string;
  /** Postgres statement_timeout of every connection: a runaway query is cancelled, not left holding a connection. */
  tiempoMaximoSentenciaMs?: number;
  /** Postgres idle_in_transaction_session_timeout: a session idle inside a transaction (a stuck client) is ended and its locks freed. */
  tiempoMaximoInactivoEnTransaccionMs?: number;
}

/**
 * A knex instance on Postgres (pg driver). int8/numeric come back as strings: convert with BigInt where needed.
 * Its parameterised statements are prepared once per connection (see prepararSentencias).
 */
export function crearKnex(opciones: OpcionesPostgres): Knex {
  return knexFactory({
    client: 'pg',
    // the pg driver sends the timeouts and options in the startup message: every pooled connection has them
    connection: {
      connectionString: opciones.url,
      application_name: opciones.nombreAplicacion,
      statement_timeout: opciones.tiempoMaximoSentenciaMs,
      idle_in_transaction_session_timeout: opciones.tiempoMaximoInactivoEnTransaccionMs,
      options: OPCIONES_SESION,
    },
    pool: {
      min: 0,
      max: opciones.maximoConexiones ?? 10,
      afterCreate: (conexion: ClientePg, listo: (error: Error | null, conexion: ClientePg) => void) => {
        prepararSentencias(conexion);
        listo(null, conexion);
      },
    },
  });
}

/**
 * Every execution of a prepared statement is planned for its own values and the tables as they are then
 * (it is parsed once). Left to itself, Postgres switches a statement to a generic plan after 5 executions:
 * made for arrays of unknown length (the group statements' unnest) and the tables of that moment, so a
 * pool connection opened on a fresh database kept seq scans and hashed subplans over tables that then
 * grew, until an ANALYZE. Measured in the bench (20,000-payment burst, --sql): liquidacion's group read
 * 543 -> 133 shared blocks per call (16.7 -> 2.2 ms), its save 23.6 -> 8.6 ms, pagos' results 13.2 ->
 * 4.8 ms, with 0.3-0.7 ms of planning per group statement; Postgres 0.94 -> 0.58 ms per settled payment.
 */
const OPCIONES_SESION = '-c plan_cache_mode=force_custom_plan';

/** Distinct statements a connection keeps prepared; texts beyond it run unnamed (parsed and planned each time). */
export const MAXIMO_SENTENCIAS_PREPARADAS = 256;

const PREPARABLE = /^\s*(select|insert|update|delete|with)\b/i;

type ClientePg = { query: (...args: unknown[]) => unknown };

/**
 * Makes every parameterised SELECT/INSERT/UPDATE/DELETE/WITH that knex sends on `conexion` a named
 * prepared statement (one name per distinct SQL text): Postgres parses it on first use only, and plans
 * each execution (OPCIONES_SESION). Measured with pg_stat_statements under the bench when statements
 * were one per payment: parsing and planning were about a third of the database's time per payment; the
 * hot statements are now one per group, so a plan per execution costs little. Statement texts depend
 * only on the query's shape (columns, IN-list length), so the set per connection stays small; a cap
 * bounds it anyway. Statements without parameters (BEGIN, COMMIT, DDL, multi-statement migrations) keep
 * the simple protocol.
 */
function prepararSentencias(conexion: ClientePg): void {
  const original = conexion.query.bind(conexion);
  const nombres = new Map<string, string>();
  conexion.query = (config: unknown, ...resto: unknown[]) => {
    const c = config as { text?: unknown; values?: unknown; name?: unknown } | null;
    if (
      c &&
      typeof c === 'object' &&
      Object.getPrototypeOf(c) === Object.prototype && // a plain config (knex builds a new one per query)
      c.name === undefined &&
      typeof c.text === 'string' &&
      Array.isArray(c.values) &&
      c.values.length > 0
    ) {
      let nombre = nombres.get(c.text);
      if (nombre === undefined && nombres.size < MAXIMO_SENTENCIAS_PREPARADAS && PREPARABLE.test(c.text)) {
        nombre = `alpes_${nombres.size}`;
        nombres.set(c.text, nombre);
      }
      if (nombre !== undefined) c.name = nombre;
    }
    return original(config, ...resto);
  };
}

/** The knex transaction behind an opaque Transaccion (infrastructure only). */
export function knexDe(tx: Transaccion | Knex.Transaction): Knex.Transaction {
  return tx as unknown as Knex.Transaction;
}

/** UnidadDeTrabajo on a knex transaction (READ COMMITTED). */
export class UnidadDeTrabajoKnex implements UnidadDeTrabajo {
  constructor(private readonly knex: Knex) {}

  ejecutar<T>(trabajo: (tx: Transaccion) => Promise<T>): Promise<T> {
    return this.knex.transaction((trx) => trabajo(trx as unknown as Transaccion));
  }
}

/**
 * UnidadDeTrabajo WITHOUT a transaction: each statement commits on its own. For work whose reads need
 * nothing beyond READ COMMITTED's per-statement snapshot (they take no locks anyway) and that writes at
 * most one statement: it saves the BEGIN and COMMIT round trips.
 */
export class SinTransaccionKnex implements UnidadDeTrabajo {
  constructor(private readonly knex: Knex) {}

  ejecutar<T>(trabajo: (tx: Transaccion) => Promise<T>): Promise<T> {
    return trabajo(this.knex as unknown as Transaccion);
  }
}

/** Reloj on the system clock. */
export class RelojSistema implements Reloj {
  ahora(): Date {
    return new Date();
  }
}

/** GeneradorIds producing random UUIDs (v4). */
export class GeneradorUuid implements GeneradorIds {
  nuevo(): string {
    return randomUUID();
  }
}
