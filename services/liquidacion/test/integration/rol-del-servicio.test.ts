// The database boundary of liquidacion: with the service's connection (URL_BASE_DATOS, the DML-only
// role) the repository and queries work, and the schema the migration role owns cannot be changed or emptied.
import { expect } from 'chai';
import type { Knex } from 'knex';
import { crearKnex, GeneradorUuid, UnidadDeTrabajoKnex } from '@alpes/seedwork';
import { probarDdlSinPermiso, type BaseDeDatosTemporal } from '@alpes/seedwork/pruebas';
import { Monto } from '@alpes/seedwork/dominio';
import { Liquidacion } from '../../src/dominio';
import { ConsultasLiquidacionesKnex } from '../../src/infraestructura/consultas-liquidaciones-knex';
import { RepositorioLiquidacionesKnex } from '../../src/infraestructura/repositorio-liquidaciones-knex';
import { baseDeDatosLiquidacion } from '../apoyo/base-datos';

const T0 = new Date('2026-01-01T00:00:00.000Z');

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
    expect(await bd.knex('liquidaciones').count({ n: '*' })).to.not.deep.equal([{ n: '0' }]);
    const sentencias = [
      'CREATE TABLE liquidaciones_copia (id text)',
      'DROP TABLE intentos_liquidacion',
      'ALTER TABLE liquidaciones DROP CONSTRAINT liquidaciones_pkey CASCADE',
      'TRUNCATE liquidaciones CASCADE',
    ];
    expect(await probarDdlSinPermiso(servicio, bd, sentencias)).to.deep.equal([]);
  });
});
