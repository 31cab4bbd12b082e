// The database boundary: the service role reads and writes rows and nothing else; the migration role
// owns the schema, and whatever a later migration creates is granted to the service role too.
import { expect } from 'chai';
import type { Knex } from 'knex';
import {
  aprovisionarRoles,
  crearKnex,
  escribirEnOutbox,
  migracionInbox,
  migracionOutbox,
  migracionOutboxDespierto,
  migracionOutboxNotificaConFilas,
  migrarConRolDeMigracion,
  registrarSiNuevo,
  type Migracion,
  type RolesBaseDatos,
} from '../../src';
import { crearBaseDeDatosTemporal, urlPostgresAdmin, type BaseDeDatosTemporal } from '../../src/pruebas';

const MIGRACIONES: Migracion[] = [
  migracionOutbox,
  migracionOutboxDespierto,
  migracionOutboxNotificaConFilas,
  migracionInbox,
];

/** SQLSTATE of the error `consulta` fails with (undefined if it succeeds). */
async function codigoDeError(consulta: Promise<unknown>): Promise<string | undefined> {
  try {
    await consulta;
    return undefined;
  } catch (e) {
    return (e as { code?: string }).code;
  }
}

/** An outbox row written the way the services write them (in a transaction, the trigger firing). */
function escribirMensaje(knex: Knex, id: string): Promise<void> {
  return knex.transaction((tx) =>
    escribirEnOutbox(tx, [{ id, topico: 't', tipo: 'prueba.v1.Evento', datos: { id } }]),
  );
}

const PERMISO_DENEGADO = '42501'; // insufficient_privilege ("permission denied", "must be owner")

/** The roles behind a temporary database's URLs. */
function rolesDe(bd: BaseDeDatosTemporal): RolesBaseDatos {
  const rol = (url: string) => {
    const u = new URL(url);
    return { rol: decodeURIComponent(u.username), clave: decodeURIComponent(u.password) };
  };
  return { base: bd.nombre, migracion: rol(bd.urlMigracion), servicio: rol(bd.urlServicio) };
}

async function duenos(knex: Knex): Promise<Record<string, string>> {
  const { rows } = await knex.raw<{ rows: { tablename: string; tableowner: string }[] }>(
    "SELECT tablename, tableowner FROM pg_tables WHERE schemaname = 'public'",
  );
  return Object.fromEntries(rows.map((r) => [r.tablename, r.tableowner]));
}

describe('roles de la base de datos (Postgres real)', function () {
  this.timeout(30_000);
  let bd: BaseDeDatosTemporal;
  let servicio: Knex;
  let roles: RolesBaseDatos;

  before(async () => {
    bd = await crearBaseDeDatosTemporal('seedwork_roles');
    roles = rolesDe(bd);
    await migrarConRolDeMigracion(bd.urlMigracion, MIGRACIONES, 'prueba-migrar');
    servicio = crearKnex({ url: bd.urlServicio, maximoConexiones: 2 });
  });
  after(async () => {
    await servicio?.destroy();
    await bd?.eliminar();
  });

  it('el rol de migración migra y es dueño de cada tabla; el del servicio no es dueño de nada', async () => {
    const porTabla = await duenos(bd.knex);
    expect(Object.keys(porTabla)).to.include.members(['outbox', 'outbox_relay', 'inbox', 'knex_migrations']);
    for (const [tabla, dueno] of Object.entries(porTabla)) expect(dueno, tabla).to.equal(roles.migracion.rol);
    const { rows } = await servicio.raw<{ rows: { crear: boolean; superusuario: boolean }[] }>(
      "SELECT has_schema_privilege('public', 'CREATE') AS crear, rolsuper AS superusuario FROM pg_roles WHERE rolname = current_user",
    );
    expect(rows[0]).to.deep.equal({ crear: false, superusuario: false });
  });

  it('con el rol del servicio, CREATE, DROP, ALTER y TRUNCATE fallan por permiso y no cambian nada', async () => {
    await escribirMensaje(servicio, 'm-1');
    const intentos = {
      'CREATE TABLE': servicio.raw('CREATE TABLE intrusa (id int)'),
      'DROP TABLE': servicio.raw('DROP TABLE outbox'),
      'ALTER TABLE': servicio.raw('ALTER TABLE outbox ADD COLUMN intrusa int'),
      TRUNCATE: servicio.raw('TRUNCATE outbox'),
      'CREATE FUNCTION': servicio.raw('CREATE FUNCTION intrusa() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$'),
      'CREATE SCHEMA': servicio.raw('CREATE SCHEMA intruso'),
    };
    for (const [sentencia, consulta] of Object.entries(intentos)) {
      expect(await codigoDeError(consulta), sentencia).to.equal(PERMISO_DENEGADO);
    }
    expect(await bd.knex('outbox').count({ n: '*' })).to.deep.equal([{ n: '1' }]);
    expect(Object.keys(await duenos(bd.knex))).to.not.include('intrusa');
    const columnas = await bd
      .knex('information_schema.columns')
      .where({ table_name: 'outbox', column_name: 'intrusa' });
    expect(columnas).to.be.empty;
  });

  it('con el rol del servicio, lo que el servicio hace funciona: insertar, leer, actualizar y borrar filas', async () => {
    expect(await servicio.transaction((tx) => registrarSiNuevo(tx, 'ev-roles', 'pagos'))).to.equal(true);
    expect(await servicio('inbox').where({ id_evento: 'ev-roles' })).to.have.length(1);
    await escribirMensaje(servicio, 'm-2');
    expect(
      await servicio('outbox').whereNull('publicado_en').update({ publicado_en: new Date() }),
    ).to.be.greaterThan(0);
    expect(await servicio('inbox').where({ id_evento: 'ev-roles' }).del()).to.equal(1);
  });

  it('una tabla de una migración posterior llega ya concedida al rol del servicio (privilegios por defecto)', async () => {
    await migrarConRolDeMigracion(
      bd.urlMigracion,
      [
        ...MIGRACIONES,
        {
          nombre: 'prueba_0001_posterior',
          up: (k) => k.raw('CREATE TABLE posterior (id bigserial PRIMARY KEY, dato text NOT NULL)'),
        },
      ],
      'prueba-migrar',
    );
    await servicio('posterior').insert({ dato: 'x' }); // uses the sequence as well
    expect(await servicio('posterior').select('dato')).to.deep.equal([{ dato: 'x' }]);
    expect(await codigoDeError(servicio.raw('TRUNCATE posterior'))).to.equal(PERMISO_DENEGADO);
  });

  it('una base migrada antes de que existieran los roles pasa a ser del rol de migración al aprovisionarlos', async () => {
    const vieja = await crearBaseDeDatosTemporal('seedwork_roles_vieja');
    try {
      await migrarConRolDeMigracion(vieja.url, MIGRACIONES, 'prueba-migrar'); // as the superuser
      await aprovisionarRoles(urlPostgresAdmin(), rolesDe(vieja));
      const porTabla = await duenos(vieja.knex);
      for (const [tabla, dueno] of Object.entries(porTabla)) {
        expect(dueno, tabla).to.equal(rolesDe(vieja).migracion.rol);
      }
      const deServicio = crearKnex({ url: vieja.urlServicio, maximoConexiones: 1 });
      try {
        await escribirMensaje(deServicio, 'm-3');
        expect(await codigoDeError(deServicio.raw('DROP TABLE outbox'))).to.equal(PERMISO_DENEGADO);
      } finally {
        await deServicio.destroy();
      }
      // the migration role can now run the next migration on what the superuser created
      await migrarConRolDeMigracion(
        vieja.urlMigracion,
        [
          ...MIGRACIONES,
          { nombre: 'prueba_0002', up: (k) => k.raw('ALTER TABLE outbox ADD COLUMN nueva int') },
        ],
        'prueba-migrar',
      );
    } finally {
      await vieja.eliminar();
    }
  });
});
