import { Client } from 'pg';
import { aprovisionarRoles, urlConRol, type RolesBaseDatos } from '@alpes/seedwork';
import { urlPostgres } from './componentes';

// The local databases (`npm start`, end-to-end tests): one per service, each with its migration (DDL)
// and service (DML only) roles as in production. These passwords live only in this package, which
// production never runs.

export const BASES_DE_DATOS = ['pagos', 'liquidacion'] as const;

/** The local roles of database `base`: `<base>_migracion` and `<base>_servicio`. */
export function rolesLocales(base: string): RolesBaseDatos {
  return {
    base,
    migracion: { rol: `${base}_migracion`, clave: `${base}-migracion-local` },
    servicio: { rol: `${base}_servicio`, clave: `${base}-servicio-local` },
  };
}

/** The environment of a service on local database `base`: serve with the DML role, migrate with the DDL one. */
export function variablesBaseDatos(puertoPostgres: number, base: string): Record<string, string> {
  const roles = rolesLocales(base);
  const servidor = urlPostgres(puertoPostgres);
  return {
    URL_BASE_DATOS: urlConRol(servidor, base, roles.servicio),
    URL_BASE_DATOS_MIGRACION: urlConRol(servidor, base, roles.migracion),
  };
}

/**
 * Creates each database if missing (`recrear`: drops it first) and its two roles with their grants,
 * from the superuser URL `urlAdmin`.
 */
export async function prepararBasesDeDatos(urlAdmin: string, o: { recrear?: boolean } = {}): Promise<void> {
  const cliente = new Client({ connectionString: urlAdmin });
  await cliente.connect();
  try {
    for (const base of BASES_DE_DATOS) {
      if (o.recrear) await cliente.query(`DROP DATABASE IF EXISTS ${base} WITH (FORCE)`);
      const existe = await cliente.query('SELECT 1 FROM pg_database WHERE datname = $1', [base]);
      if (existe.rowCount === 0) await cliente.query(`CREATE DATABASE ${base}`);
    }
  } finally {
    await cliente.end();
  }
  for (const base of BASES_DE_DATOS) await aprovisionarRoles(urlAdmin, rolesLocales(base));
}
