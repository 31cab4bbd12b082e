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
  migracionOutboxClaveParticion,
  migracionOutboxDespierto,
  migracionOutboxNotificaConFilas,
  migrarConRolDeMigracion,
  registrarSiNuevo,
  type Migracion,
  type RolesBaseDatos,
} from '../../src';
import {
  codigoDeError,
  crearBaseDeDatosTemporal,
  duenosDeTablas,
  PERMISO_DENEGADO,
  probarDdlSinPermiso,
  urlPostgresAdmin,
  type BaseDeDatosTemporal,
} from '../../src/pruebas';

const MIGRACIONES: Migracion[] = [
  migracionOutbox,
  migracionOutboxDespierto,
  migracionOutboxNotificaConFilas,
  migracionInbox,
  migracionOutboxClaveParticion,
];

/** An outbox row written the way the services write them (in a transaction, the trigger firing). */
function escribirMensaje(knex: Knex, id: string): Promise<void> {
  return knex.transaction((tx) =>
    escribirEnOutbox(tx, [{ id, topico: 't', tipo: 'prueba.v1.Evento', datos: { id } }]),
  );
}

/** The roles behind a temporary database's URLs. */
function rolesDe(bd: BaseDeDatosTemporal): RolesBaseDatos {
  const rol = (url: string) => {
    const u = new URL(url);
    return { rol: decodeURIComponent(u.username), clave: decodeURIComponent(u.password) };
  };
  return { base: bd.nombre, migracion: rol(bd.urlMigracion), servicio: rol(bd.urlServicio) };
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
    const porTabla = await duenosDeTablas(bd.knex);
    expect(Object.keys(porTabla)).to.include.members(['outbox', 'outbox_relay', 'inbox', 'knex_migrations']);
    for (const [tabla, dueno] of Object.entries(porTabla)) expect(dueno, tabla).to.equal(roles.migracion.rol);
    const { rows } = await servicio.raw<{ rows: { crear: boolean; superusuario: boolean }[] }>(
      "SELECT has_schema_privilege('public', 'CREATE') AS crear, rolsuper AS superusuario FROM pg_roles WHERE rolname = current_user",
    );
    expect(rows[0]).to.deep.equal({ crear: false, superusuario: false });
  });

  it('con el rol del servicio, CREATE, DROP, ALTER y TRUNCATE fallan por permiso y no cambian nada', async () => {
    await escribirMensaje(servicio, 'm-1');
    const sentencias = [
      'CREATE TABLE intrusa (id int)',
      'DROP TABLE outbox',
      'ALTER TABLE outbox ADD COLUMN intrusa int',
      'TRUNCATE outbox',
      'CREATE FUNCTION intrusa() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$',
      'CREATE SCHEMA intruso',
    ];
    expect(await probarDdlSinPermiso(servicio, bd, sentencias)).to.deep.equal([]);
  });

  it('probarDdlSinPermiso nombra lo que pasa con un rol que sí puede cambiar el esquema', async () => {
    const problemas = await probarDdlSinPermiso(bd.knex, bd, ['CREATE TABLE colada (id int)']);
    try {
      expect(problemas).to.have.length(3);
      expect(problemas[0]).to.equal('CREATE TABLE colada (id int): se ejecutó');
      expect(problemas[1]).to.match(/^tabla colada: no existía → dueño \S+, columnas id, 0 filas$/);
      expect(problemas[2]).to.match(
        new RegExp(`^tabla colada: su dueño es \\S+, no ${roles.migracion.rol}$`),
      );
    } finally {
      await bd.knex.raw('DROP TABLE colada');
    }
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
      const porTabla = await duenosDeTablas(vieja.knex);
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
