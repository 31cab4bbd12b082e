import * as grpc from '@grpc/grpc-js';
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { daprAppCallback, NOMBRES } from '@alpes/contratos';
import { LIMITE_EVENTOS_POR_LOTE, MensajeSaliente } from '@alpes/seedwork';
import { daprd, EntornoDePrueba, entornoDePrueba, esperarHasta, puertoLibre, rutas } from '../../src';
import { AppDePrueba } from './app-de-prueba';

// Dapr bulk subscribe on the real daprd 1.18 and Pulsar: per-entry replies, and what daprd does to a
// batch the app cannot take (why seedwork refuses to declare one without manejarLote).

function maxRetriesDeLaPolitica(): number {
  const spec = parse(fs.readFileSync(path.join(rutas.componentes, 'resiliencia.yaml'), 'utf8'));
  const politica = spec.spec.targets.components.pubsub.inbound.retry as string;
  return spec.spec.policies.retries[politica].maxRetries as number;
}

type Mensaje = MensajeSaliente & { datos: { indice: number } };

function mensajes(topico: string, n: number): Mensaje[] {
  return Array.from({ length: n }, (_, i) => ({
    id: randomUUID(),
    topico,
    tipo: 'alpespartners.pruebas.v1.Prueba',
    datos: { indice: i },
  }));
}

const LOTE = { maximoEventos: 50, esperaMaximaMs: 0 };

describe('runtime local: suscripción en lotes de Dapr sobre Pulsar (e2e)', function () {
  this.timeout(240_000);
  let entorno: EntornoDePrueba;
  const apps: AppDePrueba[] = [];
  const sufijo = randomUUID().slice(0, 8);
  const topico = (nombre: string) => `prueba-lote-${nombre}-${sufijo}`;

  before(async () => {
    entorno = await entornoDePrueba();
  });

  afterEach(async () => {
    while (apps.length) await apps.pop()!.detener(entorno);
  });

  async function app(
    appId: string,
    subs: { topico: string; topicoDeadLetter?: string; lote?: typeof LOTE }[],
  ): Promise<AppDePrueba> {
    const a = new AppDePrueba(`${appId}-${sufijo}`, subs);
    await a.iniciar(entorno);
    apps.push(a);
    return a;
  }

  async function estadisticas(t: string): Promise<{
    msgInCounter?: number;
    subscriptions?: Record<string, { msgBacklog: number; unackedMessages: number }>;
  }> {
    const r = await fetch(`${entorno.urlAdminPulsar}/admin/v2/persistent/public/default/${t}/stats`);
    return r.ok ? ((await r.json()) as Awaited<ReturnType<typeof estadisticas>>) : {};
  }

  it('un lote mixto: SUCCESS no vuelve, RETRY se reentrega según la política y luego al dead letter, DROP al dead letter de inmediato', async () => {
    const t = topico('mixto');
    const dlq = `${t}-dlq`;
    const receptor = await app('lote-mixto', [
      { topico: t, topicoDeadLetter: dlq, lote: LOTE },
      { topico: dlq },
    ]);
    const respuestaDe = (i: number) => (['SUCCESS', 'RETRY', 'DROP'] as const)[i % 3]!;
    receptor.respuesta = (e) =>
      e.topico === t ? respuestaDe((e.datos as { indice: number }).indice) : 'SUCCESS';
    const emisor = await app('emisor-lote-mixto', []);
    const lote = mensajes(t, 30);
    expect(await emisor.publicador.publicarLote(lote)).to.deep.equal([]);

    const porRespuesta = (r: string) => lote.filter((m) => respuestaDe(m.datos.indice) === r);
    await esperarHasta(
      'every RETRY and DROP event on the dead-letter topic',
      () => receptor.de(dlq).length >= porRespuesta('RETRY').length + porRespuesta('DROP').length,
      120_000,
    );
    expect(Math.max(...receptor.lotes), 'daprd delivered some entries together').to.be.greaterThan(1);
    const veces = (id: string) => receptor.de(t).filter((e) => e.id === id).length;
    for (const m of porRespuesta('SUCCESS')) expect(veces(m.id), `SUCCESS ${m.datos.indice}`).to.equal(1);
    for (const m of porRespuesta('DROP')) expect(veces(m.id), `DROP ${m.datos.indice}`).to.equal(1);
    for (const m of porRespuesta('RETRY'))
      expect(veces(m.id), `RETRY ${m.datos.indice}`).to.equal(maxRetriesDeLaPolitica() + 1);
    const enDlq = receptor
      .de(dlq)
      .map((e) => (e.datos as { indice: number }).indice)
      .sort((a, b) => a - b);
    expect(enDlq).to.deep.equal(
      lote
        .filter((m) => respuestaDe(m.datos.indice) !== 'SUCCESS')
        .map((m) => m.datos.indice)
        .sort((a, b) => a - b),
    );
    // and nothing is left for Pulsar to redeliver
    await esperarHasta(
      'the subscription has no backlog left',
      async () => (await estadisticas(t)).subscriptions?.[receptor.appId]?.msgBacklog === 0,
    );
  });

  it('un atraso de 200 eventos con traza se entrega en lotes del tamaño máximo, sin pasar por el dead letter', async () => {
    // daprd 1.18 puts two headers per traced entry on the call; past 128 header pairs Node's HTTP/2
    // server refuses it (ENHANCE_YOUR_CALM) and daprd dead-letters the whole batch: seedwork caps it
    const t = topico('atraso');
    const dlq = `${t}-dlq`;
    const emisor = await app('emisor-atraso', []);
    const traza = () =>
      `00-${randomUUID().replace(/-/g, '')}-${randomUUID().slice(0, 18).replace(/-/g, '')}-01`;
    const atraso = mensajes(t, 200).map((m) => ({ ...m, traceparent: traza() }));
    expect(await emisor.publicador.publicarLote(atraso)).to.deep.equal([]);
    // published before anyone subscribes: the subscription starts at the oldest (pubsub.yaml), a full backlog
    const receptor = await app('lote-atraso', [
      {
        topico: t,
        topicoDeadLetter: dlq,
        lote: { maximoEventos: LIMITE_EVENTOS_POR_LOTE, esperaMaximaMs: 0 },
      },
      { topico: dlq },
    ]);
    await esperarHasta(
      'all 200 events delivered to the app',
      () => new Set(receptor.de(t).map((e) => e.id)).size === atraso.length,
      120_000,
    );
    expect(receptor.de(dlq), 'nothing dead-lettered').to.have.length(0);
    expect(
      receptor.de(t).every((e) => e.traceparent),
      'every entry traced',
    ).to.equal(true);
    expect(Math.max(...receptor.lotes), 'a batch of the largest size was delivered').to.equal(
      LIMITE_EVENTOS_POR_LOTE,
    );
  });

  it('mientras un lote espera el backoff de una entrada RETRY, daprd 1.18 no entrega nada más del tópico', async () => {
    // one flush loop per subscription (pkg/runtime/pubsub/default_bulksub.go) runs the retries of the
    // batch (subscription/bulkresiliency.go): this is the cost the liquidacion README weighs
    const t = topico('atasco');
    const dlq = `${t}-dlq`;
    const receptor = await app('lote-atasco', [
      { topico: t, topicoDeadLetter: dlq, lote: LOTE },
      { topico: dlq },
    ]);
    const [lento, siguiente] = mensajes(t, 2);
    receptor.respuesta = (e) => (e.id === lento!.id ? 'RETRY' : 'SUCCESS');
    const emisor = await app('emisor-lote-atasco', []);
    expect(await emisor.publicador.publicarLote([lento!])).to.deep.equal([]);
    await esperarHasta('the slow entry delivered once', () => receptor.de(t).length >= 1);
    expect(await emisor.publicador.publicarLote([siguiente!])).to.deep.equal([]);
    await esperarHasta(
      'the next event delivered',
      () => receptor.de(t).some((e) => e.id === siguiente!.id),
      120_000,
    );
    const orden = receptor.de(t).map((e) => e.id);
    const entregasDelLento = orden.indexOf(siguiente!.id);
    expect(entregasDelLento, 'deliveries of the RETRY entry before the next event').to.equal(
      maxRetriesDeLaPolitica() + 1,
    );
  });

  it('daprd 1.18 confirma (y pierde) el lote de una app que responde OnBulkTopicEvent UNIMPLEMENTED', async () => {
    const t = topico('sin-metodo');
    const dlq = `${t}-dlq`;
    const appId = `sin-metodo-${sufijo}`;
    let llamadasEnLote = 0;
    const entregasDeAUno: string[] = [];
    const servidor = new grpc.Server();
    const noImplementado = (_: unknown, responder: grpc.sendUnaryData<never>) =>
      responder({ code: grpc.status.UNIMPLEMENTED, details: 'sin lotes' });
    servidor.addService(daprAppCallback.AppCallbackService, {
      listTopicSubscriptions: (_l, responder) =>
        responder(null, {
          subscriptions: [
            {
              pubsubName: NOMBRES.componentePubsub,
              topic: t,
              metadata: {},
              routes: undefined,
              deadLetterTopic: dlq,
              bulkSubscribe: { enabled: true, maxMessagesCount: 50, maxAwaitDurationMs: 0 },
            },
          ],
        }),
      onTopicEvent: (l, responder) => {
        entregasDeAUno.push(l.request.id);
        responder(null, { status: daprAppCallback.TopicEventResponse_TopicEventResponseStatus.RETRY });
      },
      onBulkTopicEvent: (l, responder) => {
        llamadasEnLote += l.request.entries.length;
        noImplementado(l, responder);
      },
      onInvoke: noImplementado,
      listInputBindings: (_l, responder) => responder(null, { bindings: [] }),
      onBindingEvent: noImplementado,
    } satisfies daprAppCallback.AppCallbackServer);
    // daprd probes the app's health before subscribing
    servidor.addService(daprAppCallback.AppCallbackHealthCheckService, {
      healthCheck: (_l, responder) => responder(null, {}),
    } satisfies daprAppCallback.AppCallbackHealthCheckServer);
    const appPuerto = await new Promise<number>((resolve, reject) =>
      servidor.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e, p) =>
        e ? reject(e) : resolve(p),
      ),
    );
    const [grpcDapr, http, interno, metricas] = await Promise.all([
      puertoLibre(),
      puertoLibre(),
      puertoLibre(),
      puertoLibre(),
    ]);
    await entorno.supervisor.iniciar(
      daprd({
        appId,
        appPuerto,
        tokens: entorno.tokens,
        grpc: grpcDapr,
        http,
        interno,
        metricas,
        recursos: entorno.recursos,
      }),
    );
    try {
      const emisor = await app('emisor-sin-metodo', []);
      const lote = mensajes(t, 5);
      expect(await emisor.publicador.publicarLote(lote)).to.deep.equal([]);
      await esperarHasta('daprd offered all 5 in batches', () => llamadasEnLote >= 5, 60_000);
      // acked: no backlog, nothing unacked, nothing redelivered one by one, nothing on the dead letter
      await esperarHasta('Pulsar sees the 5 acked', async () => {
        const s = (await estadisticas(t)).subscriptions?.[appId];
        return s?.msgBacklog === 0 && s.unackedMessages === 0;
      });
      expect(entregasDeAUno).to.deep.equal([]);
      expect((await estadisticas(dlq)).msgInCounter ?? 0).to.equal(0);
    } finally {
      await entorno.supervisor.detener(`daprd-${appId}`);
      servidor.forceShutdown();
    }
  });
});
