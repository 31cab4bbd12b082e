// Migrations are code (a list), not files found at run time: compiled output then holds exactly what
// runs, and seedwork tables (outbox, inbox) come into each service's list as ordinary entries.
import type { Knex } from 'knex';
import { crearKnex } from './postgres';

/** One migration; `nombre` is recorded in knex_migrations and must never change once released. */
export interface Migracion {
  nombre: string;
  up(knex: Knex): Promise<void>;
  down?(knex: Knex): Promise<void>;
}

/** A knex MigrationSource running `migraciones` in list order. */
export function fuenteMigraciones(migraciones: Migracion[]): Knex.MigrationSource<Migracion> {
  return {
    getMigrations: async () => migraciones,
    getMigrationName: (m) => m.nombre,
    getMigration: async (m) => ({ up: m.up, down: m.down ?? (async () => undefined) }),
  };
}

/** Applies pending migrations (knex's lock makes concurrent replicas safe); returns the names applied. */
export async function migrar(knex: Knex, migraciones: Migracion[]): Promise<string[]> {
  const [, aplicadas] = (await knex.migrate.latest({ migrationSource: fuenteMigraciones(migraciones) })) as [
    number,
    string[],
  ];
  return aplicadas;
}

/**
 * Applies pending migrations on their own one-connection pool at `urlMigracion` (the migration role,
 * owner of the schema), then closes it: the service's pool stays on its DML-only role.
 */
export async function migrarConRolDeMigracion(
  urlMigracion: string,
  migraciones: Migracion[],
  nombreAplicacion: string,
): Promise<string[]> {
  const knex = crearKnex({ url: urlMigracion, maximoConexiones: 1, nombreAplicacion });
  try {
    return await migrar(knex, migraciones);
  } finally {
    await knex.destroy();
  }
}
