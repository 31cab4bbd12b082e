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
}

/** A knex instance on Postgres (pg driver). int8/numeric come back as strings: convert with BigInt where needed. */
export function crearKnex(opciones: OpcionesPostgres): Knex {
  return knexFactory({
    client: 'pg',
    connection: { connectionString: opciones.url, application_name: opciones.nombreAplicacion },
    pool: { min: 0, max: opciones.maximoConexiones ?? 10 },
  });
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

/** True when `error` is a Postgres unique violation (SQLSTATE 23505), optionally on constraint `restriccion`. */
export function esViolacionUnica(error: unknown, restriccion?: string): boolean {
  const e = error as { code?: string; constraint?: string } | undefined;
  return e?.code === '23505' && (restriccion === undefined || e.constraint === restriccion);
}
