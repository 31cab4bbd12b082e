import * as grpc from '@grpc/grpc-js';
import { expect } from 'chai';
import { daprPubsub, daprRuntime } from '@alpes/contratos';
import { PublicadorDapr } from '../../src';

// The publisher against a fake sidecar that records the CloudEvents it is handed.

describe('PublicadorDapr', () => {
  let servidor: grpc.Server;
  let publicador: PublicadorDapr;
  const recibidas: daprPubsub.BulkPublishRequest[] = [];
  const tokens: unknown[][] = [];
  /** What the fake sidecar answers; daprd 1.18 answers a partial failure with an error and no list. */
  let responder: (r: daprPubsub.BulkPublishRequest) => grpc.ServiceError | daprPubsub.BulkPublishResponse;

  before(async () => {
    servidor = new grpc.Server();
    const sidecar: Partial<daprRuntime.DaprServer> = {
      bulkPublishEvent: (llamada, responderGrpc) => {
        recibidas.push(llamada.request);
        tokens.push(llamada.metadata.get('dapr-api-token'));
        const r = responder(llamada.request);
        if ('failedEntries' in r) responderGrpc(null, r);
        else responderGrpc(r);
      },
    };
    servidor.addService(daprRuntime.DaprService, sidecar as daprRuntime.DaprServer);
    const puerto = await new Promise<number>((resolve, reject) =>
      servidor.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e, p) =>
        e ? reject(e) : resolve(p),
      ),
    );
    publicador = new PublicadorDapr({
      direccion: `127.0.0.1:${puerto}`,
      pubsub: 'pubsub',
      fuente: 'pagos',
      tokenDapr: 'token-de-daprd-0123456789',
    });
  });

  after(() => {
    publicador.cerrar();
    servidor.forceShutdown();
  });

  beforeEach(() => {
    recibidas.length = 0;
    tokens.length = 0;
    responder = () => ({ failedEntries: [] });
  });

  const mensaje = (id: string, topico = 'pagos-solicitados') => ({
    id,
    topico,
    tipo: 'alpespartners.eventos.v1.PagoSolicitado',
    datos: { idPago: id },
  });

  it('publica un lote por tópico en una sola llamada BulkPublishEvent', async () => {
    const fallidos = await publicador.publicarLote([mensaje('a'), mensaje('b'), mensaje('c', 'otro')]);
    expect(fallidos).to.deep.equal([]);
    expect(recibidas.map((r) => [r.topic, r.entries.map((e) => e.entryId)])).to.have.deep.members([
      ['pagos-solicitados', ['a', 'b']],
      ['otro', ['c']],
    ]);
  });

  it('un fallo parcial sin lista de fallidos (daprd 1.18 por gRPC) devuelve el lote entero para republicarlo', async () => {
    responder = () =>
      Object.assign(new Error('error when publish to topic pagos-solicitados'), {
        code: grpc.status.INTERNAL,
        details: 'error when publish to topic pagos-solicitados',
        metadata: new grpc.Metadata(),
      });
    const fallidos = await publicador.publicarLote([mensaje('a'), mensaje('b'), mensaje('c', 'otro')]);
    // both topics' calls failed: every id comes back; the relay publishes them again
    expect(fallidos.sort()).to.deep.equal(['a', 'b', 'c']);
  });

  it('si el sidecar dice qué entradas fallaron, solo esas se republican', async () => {
    responder = (r) => ({
      failedEntries: r.entries.slice(1).map((e) => ({ entryId: e.entryId, error: 'x' })),
    });
    expect(await publicador.publicarLote([mensaje('a'), mensaje('b')])).to.deep.equal(['b']);
  });

  const sobres = () =>
    recibidas.flatMap((r) =>
      r.entries.map((e) => JSON.parse(e.event.toString('utf8')) as Record<string, unknown>),
    );

  it('lleva el traceparent del mensaje también como traceid, para que daprd no lo reemplace por el suyo', async () => {
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const fallidos = await publicador.publicarLote([
      { id: 'm-1', topico: 't', tipo: 'x.Evento', datos: { a: 1 }, idCorrelacion: 'c-1', traceparent },
    ]);
    expect(fallidos).to.deep.equal([]);
    expect(sobres()[0]).to.include({ id: 'm-1', type: 'x.Evento', traceparent, traceid: traceparent });
    expect(sobres()[0]).to.include({ idcorrelacion: 'c-1' });
  });

  it('envía DAPR_API_TOKEN en dapr-api-token, como exige un daprd iniciado con él', async () => {
    await publicador.publicarLote([{ id: 'm-3', topico: 't', tipo: 'x.Evento', datos: {} }]);
    expect(tokens).to.deep.equal([['token-de-daprd-0123456789']]);
  });

  it('la clave de partición de cada mensaje va en los metadatos de su entrada (partitionKey); sin clave, ninguno', async () => {
    await publicador.publicarLote([
      { ...mensaje('a'), claveParticion: 'pago-1' },
      mensaje('b'),
      { ...mensaje('c'), claveParticion: 'pago-2' },
      { ...mensaje('d', 'otro'), claveParticion: 'pago-1' },
    ]);
    const metadatos = Object.fromEntries(
      recibidas.flatMap((r) => r.entries.map((e) => [e.entryId, e.metadata])),
    );
    expect(metadatos).to.deep.equal({
      a: { partitionKey: 'pago-1' },
      b: {},
      c: { partitionKey: 'pago-2' },
      d: { partitionKey: 'pago-1' },
    });
    // per entry only: the request's own metadata would apply to every entry of the batch
    expect(recibidas.map((r) => r.metadata)).to.deep.equal([{}, {}]);
  });

  it('sin traceparent no inventa campos de traza (daprd pone los de su span)', async () => {
    await publicador.publicarLote([{ id: 'm-2', topico: 't', tipo: 'x.Evento', datos: {} }]);
    expect(sobres()[0]).to.not.have.any.keys('traceparent', 'traceid');
  });
});
