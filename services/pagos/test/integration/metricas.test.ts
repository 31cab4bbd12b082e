// pagos' /metrics content on a real Postgres: pagos by estado, requests and operator retries, the group
// commit's groups and refusals; and a scrape that still answers while the database is down.
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { crearKnex, ErrorSaturacion, Metricas, RelojSistema } from '@alpes/seedwork';
import { solicitarPago } from '../../src/aplicacion/comandos/solicitar-pago';
import { registrarMetricasPagos } from '../../src/infraestructura/metricas-pagos';
import { RepositorioPagosKnex } from '../../src/infraestructura/repositorio-pagos-knex';
import { entornoPagos, type EntornoPagos } from '../apoyo/entorno-bd';
import { datosSolicitud } from '../apoyo/madres';

/** The value of the sample `serie` (name and labels as exposed) in an exposition text; 0 when absent. */
function muestra(texto: string, serie: string): number {
  const linea = texto.split('\n').find((l) => l.startsWith(`${serie} `));
  return linea ? Number(linea.slice(serie.length + 1)) : 0;
}

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

  it('pagos_por_lote cuenta los pagos de cada sentencia agrupada de SolicitarPago', async () => {
    const { solicitarPago, metricas } = e.contenedor.cradle;
    const series = ['pagos_por_lote_sum', 'pagos_por_lote_count'].map((n) => `${n}{servicio="pagos"}`);
    const cubeta = (le: number) => `pagos_por_lote_bucket{le="${le}",servicio="pagos"}`;
    const antes = await metricas.texto();
    // called in the same turn of the event loop: all twelve join the open group before its window ends
    await Promise.all(
      Array.from({ length: 12 }, (_, i) => solicitarPago({ ...datosSolicitud(), idCorrelacion: `g-${i}` })),
    );
    const despues = await metricas.texto();
    const delta = (serie: string) => muestra(despues, serie) - muestra(antes, serie);
    expect(series.map(delta), 'pagos, sentencias').to.deep.equal([12, 1]);
    expect([delta(cubeta(10)), delta(cubeta(20))], 'una sentencia de 12').to.deep.equal([0, 1]);
  });

  it('pagos_solicitudes_rechazadas_total cuenta los rechazos por saturación y por detención', async () => {
    const metricas = new Metricas('', { servicio: 'pagos' }, false);
    const { agrupacion } = registrarMetricasPagos(metricas, e.bd.knex);
    const inicial = await metricas.texto();
    expect(inicial).to.match(/pagos_solicitudes_rechazadas_total\{motivo="saturado",servicio="pagos"\} 0\n/);
    expect(inicial).to.match(
      /pagos_solicitudes_rechazadas_total\{motivo="deteniendo",servicio="pagos"\} 0\n/,
    );
    const repositorio = new RepositorioPagosKnex(e.contenedor.cradle.knex, {
      ventanaMs: 1_000,
      maximoPorLote: 5,
      maximoEnEspera: 5,
      maximoLotesEnCurso: 1,
      observador: agrupacion,
    });
    const solicitar = solicitarPago({
      repositorio,
      reloj: new RelojSistema(),
      generadorIds: { nuevo: randomUUID },
    });
    const pedir = () =>
      solicitar({ ...datosSolicitud(), idCorrelacion: 'r' }).then(
        () => 'aceptada',
        (error: unknown) => (error instanceof ErrorSaturacion ? 'rechazada' : error),
      );
    // one group of 5 runs, the next 5 wait for it (MAXIMO_PAGOS_EN_ESPERA 5): the last 2 are refused at once
    const desenlaces = await Promise.all(Array.from({ length: 12 }, pedir));
    expect(desenlaces).to.deep.equal([...Array(10).fill('aceptada'), 'rechazada', 'rechazada']);
    await repositorio.cerrar();
    expect(await pedir()).to.equal('rechazada');
    const texto = await metricas.texto();
    expect(muestra(texto, 'pagos_solicitudes_rechazadas_total{motivo="saturado",servicio="pagos"}')).to.equal(
      2,
    );
    expect(
      muestra(texto, 'pagos_solicitudes_rechazadas_total{motivo="deteniendo",servicio="pagos"}'),
    ).to.equal(1);
    expect(muestra(texto, 'pagos_por_lote_count{servicio="pagos"}')).to.equal(2);
    expect(muestra(texto, 'pagos_por_lote_bucket{le="5",servicio="pagos"}')).to.equal(2);
  });
});
