// "This role cannot change the schema": the database boundary each service and the local runtime
// test the same way. The service role (URL_BASE_DATOS) reads and writes rows; DDL is the migration role's.
import type { Knex } from 'knex';

/** SQLSTATE of insufficient_privilege ("permission denied", "must be owner"). */
export const PERMISO_DENEGADO = '42501';

/** SQLSTATE of the error `consulta` fails with (undefined if it succeeds). */
export async function codigoDeError(consulta: PromiseLike<unknown>): Promise<string | undefined> {
  try {
    await consulta;
    return undefined;
  } catch (e) {
    return (e as { code?: string }).code;
  }
}

/** The role a postgres:// URL connects as. */
export function rolDeUrl(url: string): string {
  return decodeURIComponent(new URL(url).username);
}

/** The owner of each table in the public schema. */
export async function duenosDeTablas(knex: Knex): Promise<Record<string, string>> {
  const { rows } = await knex.raw<{ rows: { tablename: string; tableowner: string }[] }>(
    "SELECT tablename, tableowner FROM pg_tables WHERE schemaname = 'public'",
  );
  return Object.fromEntries(rows.map((r) => [r.tablename, r.tableowner]));
}

/** Each public table as one line: owner, columns and row count. */
async function esquema(knex: Knex): Promise<Map<string, string>> {
  const { rows } = await knex.raw<{ rows: { tabla: string; columnas: string }[] }>(
    `SELECT table_name AS tabla, string_agg(column_name, ',' ORDER BY ordinal_position) AS columnas
       FROM information_schema.columns WHERE table_schema = 'public' GROUP BY table_name`,
  );
  const duenos = await duenosDeTablas(knex);
  const tablas = new Map<string, string>();
  for (const { tabla, columnas } of rows) {
    if (!(tabla in duenos)) continue; // a view
    const [{ n }] = (await knex(tabla).count({ n: '*' })) as [{ n: string | number }];
    tablas.set(tabla, `dueño ${duenos[tabla]}, columnas ${columnas}, ${n} filas`);
  }
  return tablas;
}

/**
 * Runs each DDL statement with `servicio` (the service role's connection) and returns what got
 * through, empty when the boundary holds: a statement that did not fail with insufficient_privilege,
 * or a table of `bd` (read with its superuser `knex`) that appeared, went, or changed owner, columns
 * or row count; and any table the migration role (`bd.urlMigracion`) does not own.
 */
export async function probarDdlSinPermiso(
  servicio: Knex,
  bd: { knex: Knex; urlMigracion: string },
  sentencias: string[],
): Promise<string[]> {
  const problemas: string[] = [];
  const antes = await esquema(bd.knex);
  for (const sentencia of sentencias) {
    const codigo = await codigoDeError(servicio.raw(sentencia));
    if (codigo !== PERMISO_DENEGADO) problemas.push(`${sentencia}: ${codigo ?? 'se ejecutó'}`);
  }
  const despues = await esquema(bd.knex);
  for (const tabla of new Set([...antes.keys(), ...despues.keys()])) {
    const [a, d] = [antes.get(tabla), despues.get(tabla)];
    if (a !== d) problemas.push(`tabla ${tabla}: ${a ?? 'no existía'} → ${d ?? 'ya no existe'}`);
  }
  const rolMigracion = rolDeUrl(bd.urlMigracion);
  for (const [tabla, dueno] of Object.entries(await duenosDeTablas(bd.knex))) {
    if (dueno !== rolMigracion) problemas.push(`tabla ${tabla}: su dueño es ${dueno}, no ${rolMigracion}`);
  }
  return problemas;
}
