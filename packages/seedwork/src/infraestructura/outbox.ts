// Transactional outbox: events are rows written in the same transaction as the state they describe;
// RelayOutbox (relay-outbox.ts) publishes and deletes them. An insert trigger NOTIFYs the relay at commit.
// `publicado_en` is only set by relays of earlier releases (they marked rows and purged them later).
import type { Transaccion } from '../aplicacion/puertos';
import type { MensajeSaliente } from '../mensajeria/puertos';
import type { Knex } from 'knex';
import { knexDe } from './postgres';
import type { Migracion } from './migraciones';

/** Table holding the outbox rows. */
export const TABLA_OUTBOX = 'outbox';
/** Postgres channel notified (once per inserting statement) when rows are added. */
export const CANAL_OUTBOX = 'outbox_nuevo';

/** Migration creating the outbox table, its pending-rows index and NOTIFY trigger; include it in the service's list. */
export const migracionOutbox: Migracion = {
  nombre: 'seedwork_0001_outbox',
  async up(knex) {
    await knex.raw(`
      CREATE TABLE ${TABLA_OUTBOX} (
        secuencia bigserial PRIMARY KEY,
        id text NOT NULL UNIQUE,
        topico text NOT NULL,
        tipo text NOT NULL,
        datos jsonb NOT NULL,
        id_correlacion text,
        traceparent text,
        creado_en timestamptz NOT NULL DEFAULT now(),
        intentos integer NOT NULL DEFAULT 0,
        proximo_intento_en timestamptz NOT NULL DEFAULT now(),
        ultimo_error text,
        publicado_en timestamptz
      );
      CREATE INDEX outbox_pendientes ON ${TABLA_OUTBOX} (secuencia) WHERE publicado_en IS NULL;
      CREATE INDEX outbox_publicados ON ${TABLA_OUTBOX} (publicado_en) WHERE publicado_en IS NOT NULL;
      CREATE FUNCTION outbox_notificar() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN PERFORM pg_notify('${CANAL_OUTBOX}', ''); RETURN NULL; END $$;
      CREATE TRIGGER outbox_notificar AFTER INSERT ON ${TABLA_OUTBOX}
        FOR EACH STATEMENT EXECUTE FUNCTION outbox_notificar();
    `);
  },
  async down(knex) {
    await knex.raw(`DROP TABLE ${TABLA_OUTBOX}; DROP FUNCTION outbox_notificar();`);
  },
};

/** One-row table: whether some relay is awake (claiming); writers then skip NOTIFY. */
export const TABLA_RELAY_DESPIERTO = 'outbox_relay';

/**
 * Migration making the outbox NOTIFY only while no relay is awake. A NOTIFY takes a database-wide lock
 * held through commit, which serialises every inserting transaction (measured here: ~3x fewer SolicitarPago
 * per second); under load the relay is awake anyway, so writers skip it. Include it after migracionOutbox.
 */
export const migracionOutboxDespierto: Migracion = {
  nombre: 'seedwork_0003_outbox_despierto',
  async up(knex) {
    await knex.raw(`
      CREATE TABLE ${TABLA_RELAY_DESPIERTO} (
        unica boolean PRIMARY KEY DEFAULT true CHECK (unica),
        despierto boolean NOT NULL
      );
      INSERT INTO ${TABLA_RELAY_DESPIERTO} (despierto) VALUES (false);
      CREATE OR REPLACE FUNCTION outbox_notificar() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NOT coalesce((SELECT despierto FROM ${TABLA_RELAY_DESPIERTO}), false) THEN
            PERFORM pg_notify('${CANAL_OUTBOX}', '');
          END IF;
          RETURN NULL;
        END $$;
    `);
  },
  async down(knex) {
    await knex.raw(`
      CREATE OR REPLACE FUNCTION outbox_notificar() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN PERFORM pg_notify('${CANAL_OUTBOX}', ''); RETURN NULL; END $$;
      DROP TABLE ${TABLA_RELAY_DESPIERTO};
    `);
  },
};

/**
 * Migration making the NOTIFY trigger fire only for statements that inserted rows. A statement trigger runs
 * even when its INSERT wrote nothing (e.g. a CTE chain like `... eventos AS (INSERT INTO outbox SELECT ...)`
 * whose condition was false, as every pagos/liquidacion save without events is), and each NOTIFY takes the
 * cluster-wide notify lock at commit and keeps it through the WAL flush: under the bench, pagos' result
 * transactions (which write no outbox rows) queued on it (wait event Lock:object on COMMIT). Include it
 * after migracionOutboxDespierto.
 */
export const migracionOutboxNotificaConFilas: Migracion = {
  nombre: 'seedwork_0004_outbox_notifica_con_filas',
  async up(knex) {
    await knex.raw(`
      DROP TRIGGER outbox_notificar ON ${TABLA_OUTBOX};
      CREATE OR REPLACE FUNCTION outbox_notificar() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF EXISTS (SELECT 1 FROM outbox_nuevas)
             AND NOT coalesce((SELECT despierto FROM ${TABLA_RELAY_DESPIERTO}), false) THEN
            PERFORM pg_notify('${CANAL_OUTBOX}', '');
          END IF;
          RETURN NULL;
        END $$;
      CREATE TRIGGER outbox_notificar AFTER INSERT ON ${TABLA_OUTBOX}
        REFERENCING NEW TABLE AS outbox_nuevas FOR EACH STATEMENT EXECUTE FUNCTION outbox_notificar();
    `);
  },
  async down(knex) {
    await knex.raw(`
      DROP TRIGGER outbox_notificar ON ${TABLA_OUTBOX};
      CREATE OR REPLACE FUNCTION outbox_notificar() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NOT coalesce((SELECT despierto FROM ${TABLA_RELAY_DESPIERTO}), false) THEN
            PERFORM pg_notify('${CANAL_OUTBOX}', '');
          END IF;
          RETURN NULL;
        END $$;
      CREATE TRIGGER outbox_notificar AFTER INSERT ON ${TABLA_OUTBOX}
        FOR EACH STATEMENT EXECUTE FUNCTION outbox_notificar();
    `);
  },
};

/**
 * Migration adding each row's partition key (MensajeSaliente.claveParticion), which the relay hands to the
 * publisher. Nullable with no default (a catalog-only change, no table rewrite): rows written before it,
 * or by a replica not yet upgraded, have none and are published without a key, as before.
 */
export const migracionOutboxClaveParticion: Migracion = {
  nombre: 'seedwork_0005_outbox_clave_particion',
  async up(knex) {
    await knex.raw(`ALTER TABLE ${TABLA_OUTBOX} ADD COLUMN clave_particion text`);
  },
  async down(knex) {
    await knex.raw(`ALTER TABLE ${TABLA_OUTBOX} DROP COLUMN clave_particion`);
  },
};

/** Writes `mensajes` as outbox rows inside `tx` (they commit or roll back with the state change). */
export async function escribirEnOutbox(
  tx: Transaccion | Knex.Transaction,
  mensajes: MensajeSaliente[],
): Promise<void> {
  if (mensajes.length === 0) return;
  await knexDe(tx).raw(sqlInsertarOutbox(), [aJsonOutbox(mensajes)]);
}

/**
 * SQL inserting outbox rows from ONE jsonb binding (aJsonOutbox). With `cte`, rows are inserted only
 * when that CTE returned a row: lets a service write its state and its events in a single statement,
 * e.g. `WITH nuevo AS (INSERT ... ON CONFLICT DO NOTHING RETURNING 1), o AS (${sqlInsertarOutbox('nuevo')}) ...`.
 */
export function sqlInsertarOutbox(cte?: string): string {
  return (
    `INSERT INTO ${TABLA_OUTBOX} (id, topico, tipo, datos, id_correlacion, traceparent, clave_particion) ` +
    'SELECT x.id, x.topico, x.tipo, x.datos, x.id_correlacion, x.traceparent, x.clave_particion ' +
    `FROM ${cte ? `(SELECT 1 FROM ${cte} LIMIT 1) AS condicion, ` : ''}jsonb_to_recordset(?::jsonb) AS ` +
    'x(id text, topico text, tipo text, datos jsonb, id_correlacion text, traceparent text, clave_particion text)'
  );
}

/**
 * The outbox link of a CTE chain after `cte`: `, eventos AS (INSERT INTO outbox ...)` and its binding, or
 * nothing when there are no messages (an INSERT of no rows would still run the outbox statement trigger).
 */
export function cteOutbox(cte: string, mensajes: MensajeSaliente[]): { sql: string; valores: string[] } {
  if (mensajes.length === 0) return { sql: '', valores: [] };
  return { sql: `, eventos AS (${sqlInsertarOutbox(cte)})`, valores: [aJsonOutbox(mensajes)] };
}

/** The binding of sqlInsertarOutbox for `mensajes`. */
export function aJsonOutbox(mensajes: MensajeSaliente[]): string {
  return JSON.stringify(
    mensajes.map((m) => ({
      id: m.id,
      topico: m.topico,
      tipo: m.tipo,
      datos: m.datos,
      id_correlacion: m.idCorrelacion ?? null,
      traceparent: m.traceparent ?? null,
      clave_particion: m.claveParticion ?? null,
    })),
  );
}

/** A message of a grouped write, with the id of the aggregate whose row must be written for it to be. */
export interface MensajeDeLote {
  idAgregado: string;
  mensaje: MensajeSaliente;
}

/**
 * SQL inserting the outbox rows of a grouped write (many aggregates in one statement) from parallel arrays
 * (valoresOutboxPorLote: one binding per column, unnest): only the messages whose aggregate id is in
 * `idsEscritos` (e.g. `SELECT id FROM nuevos`, a CTE's RETURNING) are inserted, in their given order. The
 * columns and values are those of sqlInsertarOutbox: the relay reads both kinds of rows alike.
 */
export function sqlInsertarOutboxPorLote(idsEscritos: string, tipoId = 'uuid'): string {
  return (
    `INSERT INTO ${TABLA_OUTBOX} (id, topico, tipo, datos, id_correlacion, traceparent, clave_particion) ` +
    'SELECT x.id, x.topico, x.tipo, x.datos, x.id_correlacion, x.traceparent, x.clave_particion ' +
    `FROM unnest(?::${tipoId}[], ?::text[], ?::text[], ?::text[], ?::jsonb[], ?::text[], ?::text[], ?::text[]) ` +
    'WITH ORDINALITY AS x(id_agregado, id, topico, tipo, datos, id_correlacion, traceparent, clave_particion, n) ' +
    `WHERE x.id_agregado IN (${idsEscritos}) ORDER BY x.n`
  );
}

/** The eight bindings of sqlInsertarOutboxPorLote for `mensajes` (the same values as aJsonOutbox). */
export function valoresOutboxPorLote(mensajes: readonly MensajeDeLote[]): Knex.RawBinding[] {
  // arrays that may hold nulls (knex's types do not say so): pg sends each as one Postgres array
  return [
    mensajes.map((m) => m.idAgregado),
    mensajes.map((m) => m.mensaje.id),
    mensajes.map((m) => m.mensaje.topico),
    mensajes.map((m) => m.mensaje.tipo),
    mensajes.map((m) => JSON.stringify(m.mensaje.datos)),
    mensajes.map((m) => m.mensaje.idCorrelacion ?? null),
    mensajes.map((m) => m.mensaje.traceparent ?? null),
    mensajes.map((m) => m.mensaje.claveParticion ?? null),
  ] as Knex.RawBinding[];
}
