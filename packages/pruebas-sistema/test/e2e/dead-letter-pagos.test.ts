import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { NOMBRES, TOPICOS } from '@alpes/contratos';
import { esperarHasta } from '@alpes/entorno';
import { SistemaDePrueba, sistemaDePrueba } from '../../src';

// An event pagos cannot read (here: a LiquidacionFinalizada with a resultado no contract defines) is
// never dropped in silence: daprd moves it to pagos' own dead-letter topic, where pagos logs it whole
// and counts it. Real Pulsar and daprd; observed through pagos' /metrics and Pulsar's admin API.

describe('dead letter de pagos: un resultado desconocido va a liquidaciones-dlq (e2e)', function () {
  this.timeout(180_000);
  let s: SistemaDePrueba;

  before(async () => {
    s = await sistemaDePrueba();
  });

  /** Value of pagos' eventos_procesados_total for one topic and outcome (0 when absent). */
  async function procesados(topico: string, desenlace: string): Promise<number> {
    const texto = await (await fetch(`http://127.0.0.1:${s.entorno.puertos.pagosMetricas}/metrics`)).text();
    const linea = texto
      .split('\n')
      .find(
        (l) =>
          /^\w*eventos_procesados_total\{/.test(l) &&
          l.includes(`topico="${topico}"`) &&
          l.includes(`desenlace="${desenlace}"`),
      );
    return linea ? Number(linea.split(' ').at(-1)) : 0;
  }

  it('pagos lo descarta hacia su dead letter, que lo registra y lo confirma', async () => {
    const antes = {
      indescifrables: await procesados(TOPICOS.liquidacionesFinalizadas, 'indescifrable'),
      cartas: await procesados(TOPICOS.liquidacionesDlq, 'dead-letter'),
    };
    // published as liquidacion would (its daprd, its topic), with a resultado outside the contract
    const evento = {
      specversion: '1.0',
      id: randomUUID(),
      source: NOMBRES.appIds.liquidacion,
      type: 'alpespartners.eventos.v1.LiquidacionFinalizada',
      datacontenttype: 'application/json',
      data: { idPago: randomUUID(), resultado: 'RESULTADO_LIQUIDACION_INVENTADO', intento: 1 },
    };
    const url = `http://127.0.0.1:${s.entorno.puertos.liquidacionDaprHttp}/v1.0/publish/${NOMBRES.componentePubsub}/${TOPICOS.liquidacionesFinalizadas}`;
    const r = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/cloudevents+json', 'dapr-api-token': s.entorno.tokens.dapr },
      body: JSON.stringify(evento),
    });
    expect(r.status, await r.text()).to.equal(204);
    await esperarHasta(
      'pagos counts the event undecodable and then receives it from liquidaciones-dlq',
      async () =>
        (await procesados(TOPICOS.liquidacionesFinalizadas, 'indescifrable')) > antes.indescifrables &&
        (await procesados(TOPICOS.liquidacionesDlq, 'dead-letter')) > antes.cartas,
      60_000,
      200,
    );
    const stats = (await (
      await fetch(
        `${s.entorno.urlAdminPulsar}/admin/v2/persistent/public/default/${TOPICOS.liquidacionesDlq}/stats`,
      )
    ).json()) as { msgInCounter?: number };
    expect(stats.msgInCounter ?? 0).to.be.at.least(1);
  });
});
