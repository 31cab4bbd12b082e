import { expect } from 'chai';
import { daprAppCallback } from '@alpes/contratos';
import type { EventoRecibido } from '../../src';
import { levantarAppCallback, type AppCallbackDePrueba } from '../apoyo/app-callback';

// A raw subscription (Dapr rawPayload) gets the topic's bytes as they are: the adapter unpacks the
// published CloudEvent itself, and anything undecodable reaches the handler (which acks it) instead
// of being nacked by daprd forever.

const { TopicEventResponse_TopicEventResponseStatus: Estado } = daprAppCallback;

describe('AppCallback: suscripción cruda (rawPayload)', () => {
  let app: AppCallbackDePrueba;
  const recibidos: EventoRecibido[] = [];

  before(async () => {
    app = await levantarAppCallback({
      suscripciones: [
        { topico: 'normal', manejar: async () => 'SUCCESS' },
        {
          topico: 'dlq',
          crudo: true,
          manejar: async (e) => {
            recibidos.push(e);
            return 'SUCCESS';
          },
        },
      ],
    });
  });

  after(() => app.cerrar());

  beforeEach(() => (recibidos.length = 0));

  function entregarCrudo(bytes: Buffer): Promise<number> {
    const peticion = daprAppCallback.TopicEventRequest.fromPartial({
      id: 'id-aleatorio-de-daprd',
      type: 'com.dapr.event.sent',
      dataContentType: 'application/octet-stream',
      topic: 'dlq',
      pubsubName: 'pubsub',
      data: bytes,
    });
    return new Promise((resolve, reject) =>
      app.cliente.onTopicEvent(peticion, (e, r) => (e ? reject(e) : resolve(r.status))),
    );
  }

  it('pide rawPayload a daprd solo para la suscripción cruda', async () => {
    const r = await new Promise<daprAppCallback.ListTopicSubscriptionsResponse>((resolve, reject) =>
      app.cliente.listTopicSubscriptions({}, (e, x) => (e ? reject(e) : resolve(x))),
    );
    const porTopico = Object.fromEntries(r.subscriptions.map((s) => [s.topic, s.metadata]));
    expect(porTopico).to.deep.equal({ normal: {}, dlq: { rawPayload: 'true' } });
  });

  it('desempaca el CloudEvent publicado: su id, tipo, datos, traceparent y correlación', async () => {
    const sobre = {
      specversion: '1.0',
      id: 'evento-1',
      type: 'alpespartners.eventos.v1.PagoSolicitado',
      source: 'pagos',
      datacontenttype: 'application/json',
      data: { id_pago: 'p-1' },
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      idcorrelacion: 'c-1',
    };
    expect(await entregarCrudo(Buffer.from(JSON.stringify(sobre)))).to.equal(Estado.SUCCESS);
    const [e] = recibidos;
    expect(e).to.include({
      id: 'evento-1',
      tipo: sobre.type,
      topico: 'dlq',
      traceparent: sobre.traceparent,
      idCorrelacion: 'c-1',
    });
    expect(e!.datos).to.deep.equal({ id_pago: 'p-1' });
    expect(JSON.parse(e!.datosCrudos.toString('utf8'))).to.deep.equal({ id_pago: 'p-1' });
  });

  it('datos de texto que no son JSON llegan sin decodificar, como sin rawPayload', async () => {
    const sobre = {
      specversion: '1.0',
      id: 'evento-2',
      type: 't',
      datacontenttype: 'text/plain',
      data: '%%%',
    };
    await entregarCrudo(Buffer.from(JSON.stringify(sobre)));
    expect(recibidos[0]!.datos).to.equal(undefined);
    expect(recibidos[0]!.datosCrudos.toString('utf8')).to.equal('%%%');
  });

  it('bytes que no son un CloudEvent llegan al manejador con datos indefinidos y el id de daprd', async () => {
    const basura = Buffer.from([0xff, 0xfe, 0x00, 0x41, 0x42]);
    expect(await entregarCrudo(basura)).to.equal(Estado.SUCCESS);
    expect(recibidos[0]).to.include({ id: 'id-aleatorio-de-daprd', tipo: '', datos: undefined });
    expect(recibidos[0]!.datosCrudos.equals(basura)).to.equal(true);
    await entregarCrudo(Buffer.from(JSON.stringify({ esto: 'no es un evento' })));
    expect(recibidos[1]).to.include({ id: 'id-aleatorio-de-daprd', tipo: '', datos: undefined });
  });
});
