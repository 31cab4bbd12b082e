// The relay's claim: the oldest due outbox rows, locked, skipping those another relay holds.
import type { Knex } from 'knex';
import { TABLA_OUTBOX } from './outbox';

/**
 * Run first in the claim's transaction: the claim walks `outbox_pendientes` in `secuencia` order and stops
 * at its LIMIT. Left to the planner, the statistics of a queue table mislead it: before the first ANALYZE
 * it picks a bitmap scan that visits every row still in the index, published ones included, and once
 * ANALYZE has seen few live rows, a sequential scan of every page, dead ones included. Measured on one
 * table with 20,000 published rows and 50 pending: 504–990 blocks per claim of 50 rows that way, ~100
 * walking the index (each row read and locked, a few index pages), whose scans mark the published rows'
 * entries dead as they pass them.
 */
export const SQL_PLAN_RECLAMO = 'SET LOCAL enable_seqscan = off; SET LOCAL enable_bitmapscan = off';

/** The columns the relay reads of a claimed row. */
export interface FilaOutbox {
  secuencia: string;
  id: string;
  topico: string;
  tipo: string;
  datos: unknown;
  id_correlacion: string | null;
  traceparent: string | null;
  /** null on rows written before migracionOutboxClaveParticion's column, or without a key. */
  clave_particion: string | null;
  intentos: number;
}

/** Locks and reads up to `limite` due rows (run SQL_PLAN_RECLAMO first in `trx`). */
export function consultaReclamo(trx: Knex.Transaction, limite: number): Knex.QueryBuilder {
  return trx(TABLA_OUTBOX)
    .select(
      'secuencia',
      'id',
      'topico',
      'tipo',
      'datos',
      'id_correlacion',
      'traceparent',
      'clave_particion',
      'intentos',
    )
    .whereNull('publicado_en')
    .andWhere('proximo_intento_en', '<=', trx.fn.now())
    .orderBy('secuencia')
    .limit(limite)
    .forUpdate()
    .skipLocked();
}

/** Claims up to `limite` due rows in `trx`, walking the pending-rows index. */
export async function reclamar(trx: Knex.Transaction, limite: number): Promise<FilaOutbox[]> {
  await trx.raw(SQL_PLAN_RECLAMO);
  return (await consultaReclamo(trx, limite)) as FilaOutbox[];
}
