// The database boundary of pagos: the service's own connection (URL_BASE_DATOS, the DML-only role)
// runs every command, query and the relay, and cannot change or empty the schema the migration role owns.
import { expect } from 'chai';
import { probarDdlSinPermiso, rolDeUrl } from '@alpes/seedwork/pruebas';
import { entornoPagos, type EntornoPagos } from '../apoyo/entorno-bd';
import { datosSolicitud } from '../apoyo/madres';

describe('pagos con el rol del servicio (solo DML, Postgres real)', function () {
  this.timeout(30_000);
  let e: EntornoPagos;
  before(async () => {
    e = await entornoPagos();
  });
  after(async () => {
    await e?.cerrar();
  });

  it('solicita, registra el resultado, consulta y publica con el rol del servicio', async () => {
    const { knex, solicitarPago, registrarResultadoLiquidacion, obtenerPago, relay } = e.contenedor.cradle;
    const { rows } = await knex.raw<{ rows: { usuario: string }[] }>('SELECT current_user AS usuario');
    expect(rows[0]!.usuario).to.equal(rolDeUrl(e.bd.urlServicio));

    const { pago } = await solicitarPago({ ...datosSolicitud(), idCorrelacion: 'c-rol' });
    await registrarResultadoLiquidacion({
      idEvento: 'ev-rol',
      idPago: pago.id,
      resultado: 'PAGADO',
      referenciaPasarela: 'psp-rol',
      motivo: '',
      intento: 1,
    });
    expect(await obtenerPago({ idPago: pago.id })).to.include({ estado: 'PAGADO' });
    expect(await relay.drenar()).to.be.greaterThan(0);
    expect(e.publicador.publicados.map((m) => (m.datos as { idPago?: string }).idPago)).to.include(pago.id);
  });

  it('CREATE TABLE, DROP TABLE, ALTER TABLE y TRUNCATE fallan por permiso y los pagos siguen ahí', async () => {
    expect(await e.bd.knex('pagos').count({ n: '*' })).to.not.deep.equal([{ n: '0' }]);
    const sentencias = [
      'CREATE TABLE pagos_copia (id uuid)',
      'DROP TABLE pagos_historial',
      'ALTER TABLE pagos DROP COLUMN referencia',
      'TRUNCATE pagos CASCADE',
    ];
    expect(await probarDdlSinPermiso(e.contenedor.cradle.knex, e.bd, sentencias)).to.deep.equal([]);
  });
});
