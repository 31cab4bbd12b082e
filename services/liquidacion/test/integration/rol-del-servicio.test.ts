// The database boundary of liquidacion: with the service's connection (URL_BASE_DATOS, the DML-only
// role) the repository and queries work, and the schema the migration role owns cannot be changed or emptied.
import { expect } from 'chai';
import type { Knex } from 'knex';
import { crearKnex, GeneradorUuid, UnidadDeTrabajoKnex } from '@alpes/seedwork';
import { type BaseDeDatosTemporal } from '@alpes/seedwork/pruebas';
import { Monto } from '@alpes/seedwork/dominio';
import { Liquidacion } from '../../src/dominio';
import { ConsultasLiquidacionesKnex } from '../../src/infraestructura/consultas-liquidaciones-knex';
import { RepositorioLiquidacionesKnex } from '../../src/infraestructura/repositorio-liquidaciones-knex';
import { baseDeDatosLiquidacion } from '../apoyo/base-datos';

const T0 = new Date('2026-01-01T00:00:00.000Z');

/** SQLSTATE of the error `consulta` fails with (undefined if it succeeds). */
async function codigoDeError(consulta: Promise<unknown>): Promise<string | undefined> {
  try {
    await consulta;
    return undefined;
  } catch (e) {
    return (e as { code?: string }).code;
  }
}

describe('liquidacion con el rol del servicio (solo DML, Postgres real)', function () {
  this.timeout(30_000);
  let bd: BaseDeDatosTemporal;
  let servicio: Knex;

  before(async () => {
    bd = await baseDeDatosLiquidacion(); // migrated by the migration role
    servicio = crearKnex({ url: bd.urlServicio, maximoConexiones: 2 });
  });
  after(async () => {
    await servicio?.destroy();
    await bd?.eliminar();
  });

  it('guarda, actualiza y consulta una liquidacion con el rol del servicio', async () => {
    const uow = new UnidadDeTrabajoKnex(servicio);
    const repositorio = new RepositorioLiquidacionesKnex(new GeneradorUuid());
    const l = Liquidacion.iniciar(
      {
        id: 'liq-rol',
        idPago: 'pago-rol',
        idInfluencer: 'inf-1',
        monto: Monto.de('COP', 150_000n),
        idCorrelacion: 'c-rol',
        intentoPago: 1,
      },
      T0,
    );
    await uow.ejecutar((tx) => repositorio.guardar(tx, l));
    const leida = (await uow.ejecutar((tx) => repositorio.porIdPago(tx, 'pago-rol')))!;
    leida.registrarLlamada({ tipo: 'pagado', referencia: 'tr_rol' }, { ocurridoEn: T0, duracionMs: 3 });
    await uow.ejecutar((tx) => repositorio.guardar(tx, leida));
    const vista = await new ConsultasLiquidacionesKnex(servicio).porIdPago('pago-rol');
    expect(vista).to.include({ estado: 'EXITOSA', referenciaPasarela: 'tr_rol' });
  });

  it('CREATE TABLE, DROP TABLE, ALTER TABLE y TRUNCATE fallan por permiso y las liquidaciones siguen ahí', async () => {
    const antes = await bd.knex('liquidaciones').count({ n: '*' });
    const intentos = {
      'CREATE TABLE': servicio.raw('CREATE TABLE liquidaciones_copia (id text)'),
      'DROP TABLE': servicio.raw('DROP TABLE intentos_liquidacion'),
      'ALTER TABLE': servicio.raw('ALTER TABLE liquidaciones DROP CONSTRAINT liquidaciones_pkey CASCADE'),
      TRUNCATE: servicio.raw('TRUNCATE liquidaciones CASCADE'),
    };
    for (const [sentencia, consulta] of Object.entries(intentos)) {
      expect(await codigoDeError(consulta), sentencia).to.equal('42501'); // insufficient_privilege
    }
    expect(await bd.knex('liquidaciones').count({ n: '*' })).to.deep.equal(antes);
    const tablas = await bd
      .knex('pg_tables')
      .where({ schemaname: 'public' })
      .select('tablename', 'tableowner');
    expect(tablas.map((t) => t.tablename))
      .to.include.members(['liquidaciones', 'intentos_liquidacion'])
      .and.not.include('liquidaciones_copia');
    const rolMigracion = decodeURIComponent(new URL(bd.urlMigracion).username);
    for (const t of tablas) expect(t.tableowner, t.tablename).to.equal(rolMigracion);
  });
});
