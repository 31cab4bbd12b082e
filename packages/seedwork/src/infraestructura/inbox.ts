// Inbox: ids of events a consumer already applied, written in the same transaction as the state change,
// so an at-least-once redelivery is recognised and applied once.
import type { Knex } from 'knex';
import type { Transaccion } from '../aplicacion/puertos';
import type { Migracion } from './migraciones';
import { knexDe } from './postgres';

/** Table holding processed (event id, consumer) pairs. */
export const TABLA_INBOX = 'inbox';

/** Migration creating the inbox table; include it in the service's list. */
export const migracionInbox: Migracion = {
  nombre: 'seedwork_0002_inbox',
  async up(knex) {
    await knex.raw(`
      CREATE TABLE ${TABLA_INBOX} (
        id_evento text NOT NULL,
        consumidor text NOT NULL,
        procesado_en timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (id_evento, consumidor)
      );
      CREATE INDEX inbox_procesado_en ON ${TABLA_INBOX} (procesado_en);
    `);
  },
  async down(knex) {
    await knex.raw(`DROP TABLE ${TABLA_INBOX}`);
  },
};

/**
 * Records that `consumidor` processes event `idEvento`, inside `tx`. True the first time; false when it was
 * already recorded (a redelivery: skip the work). A concurrent duplicate waits for the first to commit.
 */
export async function registrarSiNuevo(
  tx: Transaccion | Knex.Transaction,
  idEvento: string,
  consumidor: string,
): Promise<boolean> {
  const filas = await knexDe(tx)
    .insert({ id_evento: idEvento, consumidor })
    .into(TABLA_INBOX)
    .onConflict(['id_evento', 'consumidor'])
    .ignore()
    .returning('id_evento');
  return filas.length > 0;
}

/** Deletes inbox rows older than `antiguedadMs` (redeliveries older than that are not expected); returns how many. */
export async function purgarInbox(knex: Knex, antiguedadMs: number): Promise<number> {
  return knex(TABLA_INBOX)
    .where('procesado_en', '<', knex.raw(`now() - (? * interval '1 millisecond')`, [antiguedadMs]))
    .delete();
}
