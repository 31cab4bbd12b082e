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

/**
 * registrarSiNuevo for many events in ONE statement (one array binding): resolves the ids recorded now, the
 * others were already there (or are repeated in `idsEventos`: recorded once). Rows go in id order, so two
 * transactions recording overlapping ids wait for each other instead of deadlocking.
 */
export async function registrarNuevos(
  tx: Transaccion | Knex.Transaction,
  idsEventos: readonly string[],
  consumidor: string,
): Promise<Set<string>> {
  if (idsEventos.length === 0) return new Set();
  const { rows } = await knexDe(tx).raw(
    `INSERT INTO ${TABLA_INBOX} (id_evento, consumidor)
     SELECT DISTINCT e.id, ?::text FROM unnest(?::text[]) AS e(id) ORDER BY e.id
     ON CONFLICT (id_evento, consumidor) DO NOTHING
     RETURNING id_evento`,
    [consumidor, [...idsEventos]],
  );
  return new Set((rows as { id_evento: string }[]).map((f) => f.id_evento));
}

/** The inbox table behind the services' Inbox port. */
export class InboxKnex {
  registrarSiNuevo(tx: Transaccion, idEvento: string, consumidor: string): Promise<boolean> {
    return registrarSiNuevo(tx, idEvento, consumidor);
  }

  registrarNuevos(tx: Transaccion, idsEventos: readonly string[], consumidor: string): Promise<Set<string>> {
    return registrarNuevos(tx, idsEventos, consumidor);
  }
}

/**
 * Deletes inbox rows older than `antiguedadMs` (redeliveries older than that are not expected); returns how
 * many. In batches of `lote` rows, so no single statement runs into statement_timeout or holds many locks.
 */
export async function purgarInbox(knex: Knex, antiguedadMs: number, lote = 5000): Promise<number> {
  let total = 0;
  for (;;) {
    const viejas = knex(TABLA_INBOX)
      .select('id_evento', 'consumidor')
      .where('procesado_en', '<', knex.raw(`now() - (? * interval '1 millisecond')`, [antiguedadMs]))
      .limit(lote);
    const borradas = await knex(TABLA_INBOX).whereIn(['id_evento', 'consumidor'], viejas).delete();
    total += borradas;
    if (borradas < lote) return total;
  }
}

export interface OpcionesPurgaInbox {
  knex: Knex;
  /** Rows older than this are deleted: longer than any redelivery or replay of an event can come late. */
  retencionMs: number;
  intervaloMs: number;
  logger?: { info(m: string, c?: object): void; warn(m: string, c?: object): void };
}

/** Purges the inbox every `intervaloMs` (first run one interval after iniciar); a failed run is logged and retried next time. */
export class PurgaInbox {
  private temporizador: NodeJS.Timeout | undefined;
  private enCurso: Promise<unknown> = Promise.resolve();

  constructor(private readonly opciones: OpcionesPurgaInbox) {}

  iniciar(): void {
    if (this.temporizador) return;
    this.temporizador = setInterval(() => {
      this.enCurso = this.purgarAhora().catch((error: unknown) =>
        this.opciones.logger?.warn('no se pudo purgar el inbox; se reintenta en el próximo ciclo', { error }),
      );
    }, this.opciones.intervaloMs);
    this.temporizador.unref(); // never keeps the process alive
  }

  /** One purge now; resolves with the rows deleted. */
  async purgarAhora(): Promise<number> {
    const borradas = await purgarInbox(this.opciones.knex, this.opciones.retencionMs);
    if (borradas > 0) this.opciones.logger?.info('inbox purgado', { filas: borradas });
    return borradas;
  }

  /** Stops the schedule and waits for a purge in progress. */
  async detener(): Promise<void> {
    clearInterval(this.temporizador);
    this.temporizador = undefined;
    await this.enCurso;
  }
}
