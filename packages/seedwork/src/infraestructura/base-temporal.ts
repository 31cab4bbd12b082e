// Throwaway databases for integration tests: one per suite, created from the admin URL and dropped after,
// each with its own migration (DDL) and service (DML only) roles, as in production.
import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { crearKnex } from './postgres';
import { aprovisionarRoles, urlConRol, type RolesBaseDatos } from './roles-base-datos';

/**
 * Admin URL of the test Postgres: ALPES_POSTGRES_URL, which the test harness sets (mocha
 * --require packages/entorno/dist/src/pruebas/fixture-global.js). No default: this module ships in
 * every service image, and a credential written here would be one production could reach.
 */
export function urlPostgresAdmin(): string {
  const url = process.env.ALPES_POSTGRES_URL;
  if (!url) {
    throw new Error(
      'ALPES_POSTGRES_URL no está definida: ejecuta las pruebas con ' +
        '--require packages/entorno/dist/src/pruebas/fixture-global.js (npm test lo hace)',
    );
  }
  return url;
}

/** A database that exists for one test suite. */
export interface BaseDeDatosTemporal {
  nombre: string;
  /** The admin (superuser) URL of this database: for fixtures that need to do anything. */
  url: string;
  /** The migration role's URL (URL_BASE_DATOS_MIGRACION): migrate with it for the service role to get grants. */
  urlMigracion: string;
  /** The service role's URL (URL_BASE_DATOS): rows only, no DDL. */
  urlServicio: string;
  /** On `url` (superuser). */
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
  // roles are per server: named after the database, with passwords nobody else knows
  const roles: RolesBaseDatos = {
    base: nombre,
    migracion: { rol: `${nombre}_ddl`, clave: randomBytes(12).toString('hex') },
    servicio: { rol: `${nombre}_dml`, clave: randomBytes(12).toString('hex') },
  };
  await aprovisionarRoles(urlAdmin, roles);
  const url = urlConRol(urlAdmin, nombre);
  const knex = crearKnex({ url, maximoConexiones: 10 });
  return {
    nombre,
    url,
    urlMigracion: urlConRol(urlAdmin, nombre, roles.migracion),
    urlServicio: urlConRol(urlAdmin, nombre, roles.servicio),
    knex,
    async eliminar() {
      await knex.destroy();
      const admin2 = crearKnex({ url: urlAdmin, maximoConexiones: 1 });
      try {
        await admin2.raw(`DROP DATABASE IF EXISTS "${nombre}" WITH (FORCE)`);
        // their grants and default privileges went with the database
        await admin2.raw(`DROP ROLE IF EXISTS "${roles.migracion.rol}", "${roles.servicio.rol}"`);
      } finally {
        await admin2.destroy();
      }
    },
  };
}
