import type { Migracion } from '@alpes/seedwork';

/** Pagos and their history. `secuencia` orders listings (newest first) and is the keyset cursor. */
export const migracionPagos: Migracion = {
  nombre: 'pagos_0001_pagos',
  async up(knex) {
    await knex.raw(`
      CREATE TABLE pagos (
        id uuid PRIMARY KEY,
        secuencia bigserial NOT NULL UNIQUE,
        clave_idempotencia text NOT NULL CONSTRAINT pagos_clave_idempotencia_unica UNIQUE,
        id_influencer text NOT NULL,
        id_programa text NOT NULL,
        referencia text NOT NULL,
        moneda char(3) NOT NULL,
        unidades_menores bigint NOT NULL CHECK (unidades_menores > 0),
        estado text NOT NULL CHECK (estado IN ('SOLICITADO', 'PAGADO', 'RECHAZADO', 'FALLIDO')),
        id_correlacion text NOT NULL,
        intentos integer NOT NULL,
        motivo text NOT NULL DEFAULT '',
        referencia_pasarela text NOT NULL DEFAULT '',
        creado_en timestamptz NOT NULL,
        actualizado_en timestamptz NOT NULL,
        version integer NOT NULL
      );
      CREATE INDEX pagos_por_estado ON pagos (estado, secuencia DESC);
      CREATE INDEX pagos_por_influencer ON pagos (id_influencer, secuencia DESC);
      CREATE TABLE pagos_historial (
        id_pago uuid NOT NULL REFERENCES pagos (id),
        orden integer NOT NULL,
        desde text,
        hacia text NOT NULL,
        motivo text NOT NULL DEFAULT '',
        ocurrido_en timestamptz NOT NULL,
        PRIMARY KEY (id_pago, orden)
      );
    `);
  },
  async down(knex) {
    await knex.raw('DROP TABLE pagos_historial; DROP TABLE pagos;');
  },
};
