import type { Migracion } from '@alpes/seedwork';

/** liquidaciones (one per pago) and their PSP calls. `secuencia` orders them for keyset pagination. */
export const migracionLiquidaciones: Migracion = {
  nombre: 'liquidacion_0001_liquidaciones',
  async up(knex) {
    await knex.raw(`
      CREATE TABLE liquidaciones (
        id text PRIMARY KEY,
        secuencia bigserial NOT NULL UNIQUE,
        id_pago text NOT NULL,
        id_influencer text NOT NULL,
        moneda text NOT NULL CHECK (moneda ~ '^[A-Z]{3}$'),
        unidades_menores bigint NOT NULL CHECK (unidades_menores > 0),
        estado text NOT NULL CHECK (estado IN ('EN_PROCESO', 'EXITOSA', 'RECHAZADA', 'FALLIDA')),
        referencia_pasarela text NOT NULL DEFAULT '',
        motivo text NOT NULL DEFAULT '',
        id_correlacion text NOT NULL DEFAULT '',
        intento_pago integer NOT NULL CHECK (intento_pago >= 1),
        creada_en timestamptz NOT NULL,
        actualizada_en timestamptz NOT NULL,
        version integer NOT NULL,
        CONSTRAINT liquidaciones_id_pago_unico UNIQUE (id_pago)
      );
      CREATE INDEX liquidaciones_estado_secuencia ON liquidaciones (estado, secuencia DESC);
      CREATE TABLE intentos_liquidacion (
        id_liquidacion text NOT NULL REFERENCES liquidaciones (id) ON DELETE CASCADE,
        numero integer NOT NULL,
        ocurrido_en timestamptz NOT NULL,
        resultado text NOT NULL CHECK (resultado IN ('EXITOSO', 'RECHAZADO', 'ERROR_TRANSITORIO')),
        error text NOT NULL DEFAULT '',
        duracion_ms integer NOT NULL,
        intento_pago integer NOT NULL,
        PRIMARY KEY (id_liquidacion, numero)
      );
    `);
  },
  async down(knex) {
    await knex.raw('DROP TABLE intentos_liquidacion; DROP TABLE liquidaciones;');
  },
};
