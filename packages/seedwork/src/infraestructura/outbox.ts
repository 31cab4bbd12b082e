// Transactional outbox: events are rows written in the same transaction as the state they describe;
// RelayOutbox (relay-outbox.ts) publishes them. An insert trigger NOTIFYs the relay at commit.
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

/** Writes `mensajes` as outbox rows inside `tx` (they commit or roll back with the state change). */
export async function escribirEnOutbox(
  tx: Transaccion | Knex.Transaction,
  mensajes: MensajeSaliente[],
): Promise<void> {
  if (mensajes.length === 0) return;
  await knexDe(tx)(TABLA_OUTBOX).insert(
    mensajes.map((m) => ({
      id: m.id,
      topico: m.topico,
      tipo: m.tipo,
      datos: JSON.stringify(m.datos),
      id_correlacion: m.idCorrelacion ?? null,
      traceparent: m.traceparent ?? null,
    })),
  );
}
