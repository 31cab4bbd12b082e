// Throwaway databases for integration tests: one per suite, created from the admin URL and dropped after.
import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { crearKnex } from './postgres';

/**
 * Admin URL of the dev/test Postgres: ALPES_POSTGRES_URL, or the local default on port 5433.
 * Read at call time: `npm test` sets it in mocha's global setup, after the spec files are loaded.
 */
export function urlPostgresAdmin(): string {
  return process.env.ALPES_POSTGRES_URL ?? 'postgres://alpes:alpes@127.0.0.1:5433/postgres';
}

/** A database that exists for one test suite. */
export interface BaseDeDatosTemporal {
  nombre: string;
  url: string;
  knex: Knex;
  /** Closes `knex` and drops the database (terminating leftover connections). */
  eliminar(): Promise<void>;
}

/** Creates a database with a unique name (prefix + random suffix) on the admin server. */
export async function crearBaseDeDatosTemporal(
  prefijo = 'prueba',
  urlAdmin = urlPostgresAdmin(),
): Promise<BaseDeDatosTemporal> {
  const nombre = `${prefijo}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`.replace(
    /[^a-z0-9_]/g,
    '_',
  );
  const admin = crearKnex({ url: urlAdmin, maximoConexiones: 1 });
  try {
    await admin.raw(`CREATE DATABASE "${nombre}"`);
  } finally {
    await admin.destroy();
  }
  const url = new URL(urlAdmin);
  url.pathname = '/' + nombre;
  const knex = crearKnex({ url: url.toString(), maximoConexiones: 10 });
  return {
    nombre,
    url: url.toString(),
    knex,
    async eliminar() {
      await knex.destroy();
      const admin2 = crearKnex({ url: urlAdmin, maximoConexiones: 1 });
      try {
        await admin2.raw(`DROP DATABASE IF EXISTS "${nombre}" WITH (FORCE)`);
      } finally {
        await admin2.destroy();
      }
    },
  };
}
