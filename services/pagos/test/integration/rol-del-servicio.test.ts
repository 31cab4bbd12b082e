// The database boundary of pagos: the service's own connection (URL_BASE_DATOS, the DML-only role)
// runs every command, query and the relay, and cannot change or empty the schema the migration role owns.
import { expect } from 'chai';
import { entornoPagos, type EntornoPagos } from '../apoyo/entorno-bd';
import { datosSolicitud } from '../apoyo/madres';

/** SQLSTATE of the error `consulta` fails with (undefined if it succeeds). */
async function codigoDeError(consulta: Promise<unknown>): Promise<string | undefined> {
  try {
    await consulta;
    return undefined;
  } catch (e) {
    return (e as { code?: string }).code;
  }
}

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
    expect(rows[0]!.usuario).to.equal(decodeURIComponent(new URL(e.bd.urlServicio).username));

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
    const { knex } = e.contenedor.cradle;
    const antes = await e.bd.knex('pagos').count({ n: '*' });
    const intentos = {
      'CREATE TABLE': knex.raw('CREATE TABLE pagos_copia (id uuid)'),
      'DROP TABLE': knex.raw('DROP TABLE pagos_historial'),
      'ALTER TABLE': knex.raw('ALTER TABLE pagos DROP COLUMN referencia'),
      TRUNCATE: knex.raw('TRUNCATE pagos CASCADE'),
    };
    for (const [sentencia, consulta] of Object.entries(intentos)) {
      expect(await codigoDeError(consulta), sentencia).to.equal('42501'); // insufficient_privilege
    }
    expect(await e.bd.knex('pagos').count({ n: '*' })).to.deep.equal(antes);
    const tablas = await e.bd
      .knex('pg_tables')
      .where({ schemaname: 'public' })
      .select('tablename', 'tableowner');
    expect(tablas.map((t) => t.tablename))
      .to.include.members(['pagos', 'pagos_historial'])
      .and.not.include('pagos_copia');
    const rolMigracion = decodeURIComponent(new URL(e.bd.urlMigracion).username);
    for (const t of tablas) expect(t.tableowner, t.tablename).to.equal(rolMigracion);
  });
});
