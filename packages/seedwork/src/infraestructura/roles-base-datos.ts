// The two Postgres roles of a service's database. The migration role owns every table, sequence and
// function the migrations create (DDL); the service role can only read and write rows (DML), so a
// compromised or buggy service can neither change the schema nor empty a table in one statement.
// The same statements are mirrored in charts/alpes-pagos/templates/dev-postgres.yaml.
import { Client } from 'pg';

/** A login role and its password. */
export interface RolBaseDatos {
  rol: string;
  clave: string;
}

/** The roles of one database. */
export interface RolesBaseDatos {
  base: string;
  migracion: RolBaseDatos;
  servicio: RolBaseDatos;
}

const IDENTIFICADOR = /^[a-z_][a-z0-9_]{0,62}$/;

function identificador(nombre: string): string {
  if (!IDENTIFICADOR.test(nombre))
    throw new Error(`identificador Postgres inválido: ${JSON.stringify(nombre)}`);
  return `"${nombre}"`;
}

function literal(texto: string): string {
  return `'${texto.replaceAll("'", "''")}'`;
}

/**
 * Statements run by a superuser connected to `r.base` (idempotent): who may connect, who may create in
 * schema public, and the service role's grants on what exists and, through ALTER DEFAULT PRIVILEGES,
 * on what later migrations create.
 */
export function sqlPermisosRoles(r: RolesBaseDatos): string[] {
  const base = identificador(r.base);
  const ddl = identificador(r.migracion.rol);
  const dml = identificador(r.servicio.rol);
  return [
    `REVOKE ALL ON DATABASE ${base} FROM PUBLIC`,
    `GRANT CONNECT ON DATABASE ${base} TO ${ddl}, ${dml}`,
    'REVOKE ALL ON SCHEMA public FROM PUBLIC',
    `GRANT USAGE, CREATE ON SCHEMA public TO ${ddl}`,
    `GRANT USAGE ON SCHEMA public TO ${dml}`,
    // a database migrated before the roles existed (a local data folder from an older checkout)
    `DO $$ DECLARE o record; BEGIN
      FOR o IN SELECT c.oid::regclass AS nombre FROM pg_class c
        WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm')
          AND c.relowner <> ${literal(r.migracion.rol)}::regrole LOOP
        EXECUTE format('ALTER TABLE %s OWNER TO %I', o.nombre, ${literal(r.migracion.rol)});
      END LOOP;
      FOR o IN SELECT p.oid::regprocedure AS nombre FROM pg_proc p
        WHERE p.pronamespace = 'public'::regnamespace AND p.proowner <> ${literal(r.migracion.rol)}::regrole LOOP
        EXECUTE format('ALTER ROUTINE %s OWNER TO %I', o.nombre, ${literal(r.migracion.rol)});
      END LOOP;
    END $$`,
    `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${dml}`,
    `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${dml}`,
    `ALTER DEFAULT PRIVILEGES FOR ROLE ${ddl} IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${dml}`,
    `ALTER DEFAULT PRIVILEGES FOR ROLE ${ddl} IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${dml}`,
  ];
}

/** `urlServidor` with another database, user and password (e.g. a role's URL on the same server). */
export function urlConRol(urlServidor: string, base: string, rol?: RolBaseDatos): string {
  const url = new URL(urlServidor);
  url.pathname = '/' + base;
  if (rol) {
    url.username = encodeURIComponent(rol.rol);
    url.password = encodeURIComponent(rol.clave);
  }
  return url.toString();
}

/**
 * Creates both roles (or resets their passwords) and their grants on database `r.base`, which must
 * exist, connecting with the superuser URL `urlAdmin` (any database of that server).
 */
export async function aprovisionarRoles(urlAdmin: string, r: RolesBaseDatos): Promise<void> {
  await conCliente(urlAdmin, async (admin) => {
    for (const { rol, clave } of [r.migracion, r.servicio]) {
      const existe = await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [rol]);
      const orden = existe.rowCount === 0 ? 'CREATE ROLE' : 'ALTER ROLE';
      // the simple protocol takes no parameters here: the password goes in as a quoted literal
      await admin.query(
        `${orden} ${identificador(rol)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD ${literal(clave)}`,
      );
    }
  });
  await conCliente(urlConRol(urlAdmin, r.base), async (enLaBase) => {
    for (const sql of sqlPermisosRoles(r)) await enLaBase.query(sql);
  });
}

async function conCliente(url: string, trabajo: (cliente: Client) => Promise<void>): Promise<void> {
  const cliente = new Client({ connectionString: url });
  await cliente.connect();
  try {
    await trabajo(cliente);
  } finally {
    await cliente.end();
  }
}
