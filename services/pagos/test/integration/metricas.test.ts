// pagos' /metrics content on a real Postgres: pagos by estado, requests and operator retries; and a
// scrape that still answers while the database is down.
import { expect } from 'chai';
import { crearKnex, Metricas } from '@alpes/seedwork';
import { registrarMetricasPagos } from '../../src/infraestructura/metricas-pagos';
import { entornoPagos, type EntornoPagos } from '../apoyo/entorno-bd';
import { datosSolicitud } from '../apoyo/madres';

describe('métricas de pagos (Postgres real)', function () {
  this.timeout(30_000);
  let e: EntornoPagos;

  before(async () => {
    e = await entornoPagos();
  });
  after(async () => {
    await e?.cerrar();
  });

  it('cuenta pagos por estado, solicitudes creadas o repetidas y reintentos del operador', async () => {
    const { solicitarPago, reintentarPago, registrarResultadoLiquidacion, suscripciones, metricas } =
      e.contenedor.cradle;
    expect(suscripciones).to.have.length(3); // resolved at start: registers every pagos metric
    const inicial = await metricas.texto();
    expect(inicial).to.match(/pagos_reintentos_total\{servicio="pagos"\} 0\n/);
    expect(inicial).to.match(/pagos_solicitados_total\{resultado="repetido",servicio="pagos"\} 0\n/);
    const datos = { ...datosSolicitud(), idCorrelacion: 'c-1' };
    const { pago } = await solicitarPago(datos);
    await solicitarPago(datos);
    await solicitarPago({ ...datosSolicitud(), idCorrelacion: 'c-2' });
    await registrarResultadoLiquidacion({
      idEvento: `fallo-${pago.id}`,
      idPago: pago.id,
      resultado: 'FALLIDO',
      referenciaPasarela: '',
      motivo: 'pasarela caída',
      intento: 1,
    });
    const texto1 = await metricas.texto();
    expect(texto1).to.match(/pagos_por_estado\{estado="SOLICITADO",servicio="pagos"\} 1\n/);
    expect(texto1).to.match(/pagos_por_estado\{estado="FALLIDO",servicio="pagos"\} 1\n/);
    expect(texto1).to.match(/pagos_por_estado\{estado="PAGADO",servicio="pagos"\} 0\n/);
    expect(texto1).to.match(/pagos_solicitados_total\{resultado="creado",servicio="pagos"\} 2\n/);
    expect(texto1).to.match(/pagos_solicitados_total\{resultado="repetido",servicio="pagos"\} 1\n/);
    await reintentarPago({ idPago: pago.id });
    const texto2 = await metricas.texto();
    expect(texto2).to.match(/pagos_reintentos_total\{servicio="pagos"\} 1\n/);
    expect(texto2).to.match(/pagos_por_estado\{estado="SOLICITADO",servicio="pagos"\} 2\n/);
  });

  it('con la base de datos caída /metrics sigue respondiendo y pagos_por_estado guarda su último valor', async () => {
    const metricas = new Metricas('', { servicio: 'pagos' }, false);
    let knex = e.bd.knex;
    const porDelegacion = ((...args: Parameters<typeof knex>) => knex(...args)) as unknown as typeof knex;
    registrarMetricasPagos(metricas, porDelegacion);
    const antes = await metricas.texto();
    const linea = /pagos_por_estado\{estado="SOLICITADO",servicio="pagos"\} \d+/.exec(antes)![0];
    knex = crearKnex({ url: 'postgres://alpes:alpes@127.0.0.1:1/nada' }); // nothing listens there
    try {
      const durante = await metricas.texto();
      expect(durante).to.contain(linea);
    } finally {
      await knex.destroy();
    }
  });
});
