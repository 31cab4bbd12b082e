import * as os from 'node:os';
import * as grpc from '@grpc/grpc-js';
import { expect } from 'chai';
import { daprAppCallback } from '@alpes/contratos';
import { tokenCoincide } from '../../src';
import { levantarAppCallback, TOKEN_APP_DE_PRUEBA, type AppCallbackDePrueba } from '../apoyo/app-callback';

// Only daprd delivers events: every delivery must carry the app token, and the listener is loopback.

const { TopicEventResponse_TopicEventResponseStatus: Estado } = daprAppCallback;

describe('token de la app (dapr-api-token) en el AppCallback', () => {
  let app: AppCallbackDePrueba;
  let manejados = 0;

  before(async () => {
    app = await levantarAppCallback({
      suscripciones: [{ topico: 'pagos', manejar: async () => (manejados++, 'SUCCESS') }],
    });
  });
  after(() => app.cerrar());
  beforeEach(() => (manejados = 0));

  const entregar = (cliente: daprAppCallback.AppCallbackClient) =>
    new Promise<number>((resolve, reject) =>
      cliente.onTopicEvent(
        daprAppCallback.TopicEventRequest.fromPartial({
          id: 'ev-1',
          type: 'alpespartners.eventos.v1.PagoSolicitado',
          topic: 'pagos',
          pubsubName: 'pubsub',
          data: Buffer.from('{}'),
        }),
        (e, r) => (e ? reject(e) : resolve(r.status)),
      ),
    );
  const codigoDe = (p: Promise<unknown>) =>
    p.then(
      () => 'OK',
      (e: grpc.ServiceError) => e.code,
    );

  it('compara en tiempo constante: solo el token exacto coincide', () => {
    expect(tokenCoincide('secreto-correcto', 'secreto-correcto')).to.equal(true);
    expect(tokenCoincide('secreto-correcto', 'secreto-correctO')).to.equal(false);
    expect(tokenCoincide('secreto-correcto', 'secreto')).to.equal(false);
    expect(tokenCoincide('secreto-correcto', '')).to.equal(false);
    expect(tokenCoincide('secreto-correcto', undefined)).to.equal(false);
    expect(tokenCoincide('', '')).to.equal(false); // an unset token never lets anything in
    // each expected token is compared against its own digest, whatever was compared before
    expect(tokenCoincide('otro-secreto', 'secreto-correcto')).to.equal(false);
    expect(tokenCoincide('otro-secreto', 'otro-secreto')).to.equal(true);
    expect(tokenCoincide('secreto-correcto', 'otro-secreto')).to.equal(false);
  });

  it('una entrega sin token se rechaza UNAUTHENTICATED y no llega al manejador', async () => {
    expect(await codigoDe(entregar(app.clienteCon(undefined)))).to.equal(grpc.status.UNAUTHENTICATED);
    expect(manejados).to.equal(0);
  });

  it('una entrega con un token equivocado se rechaza UNAUTHENTICATED y no llega al manejador', async () => {
    expect(await codigoDe(entregar(app.clienteCon('otro-token-0123456789')))).to.equal(
      grpc.status.UNAUTHENTICATED,
    );
    expect(await codigoDe(entregar(app.clienteCon(`${TOKEN_APP_DE_PRUEBA}x`)))).to.equal(
      grpc.status.UNAUTHENTICATED,
    );
    expect(manejados).to.equal(0);
  });

  it('con el token correcto la entrega se procesa', async () => {
    expect(await entregar(app.cliente)).to.equal(Estado.SUCCESS);
    expect(manejados).to.equal(1);
  });

  it('las entregas en lote y de bindings también exigen el token', async () => {
    const sinToken = app.clienteCon(undefined);
    const lote = new Promise((resolve, reject) =>
      sinToken.onBulkTopicEvent(
        daprAppCallback.TopicEventBulkRequest.fromPartial({ topic: 'pagos' }),
        (e, r) => (e ? reject(e) : resolve(r)),
      ),
    );
    const binding = new Promise((resolve, reject) =>
      sinToken.onBindingEvent(daprAppCallback.BindingEventRequest.fromPartial({ name: 'b' }), (e, r) =>
        e ? reject(e) : resolve(r),
      ),
    );
    expect(await codigoDe(lote)).to.equal(grpc.status.UNAUTHENTICATED);
    expect(await codigoDe(binding)).to.equal(grpc.status.UNAUTHENTICATED);
  });

  it('ListTopicSubscriptions responde sin token: daprd 1.18 no lo envía en esa llamada', async () => {
    const r = await new Promise<daprAppCallback.ListTopicSubscriptionsResponse>((resolve, reject) =>
      app.clienteCon(undefined).listTopicSubscriptions({}, (e, x) => (e ? reject(e) : resolve(x))),
    );
    expect(r.subscriptions.map((s) => s.topic)).to.deep.equal(['pagos']);
  });

  it('escucha solo en loopback: otra interfaz de la máquina no lo alcanza', async function () {
    const externa = Object.values(os.networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal);
    if (!externa) return this.skip(); // a machine with loopback only has nothing to try
    const puerto = Number(app.cliente.getChannel().getTarget().split(':').pop());
    const cliente = new daprAppCallback.AppCallbackClient(
      `${externa.address}:${puerto}`,
      grpc.credentials.createInsecure(),
    );
    try {
      const codigo = await codigoDe(
        new Promise((resolve, reject) =>
          cliente.listTopicSubscriptions({}, new grpc.Metadata(), { deadline: Date.now() + 2000 }, (e, r) =>
            e ? reject(e) : resolve(r),
          ),
        ),
      );
      expect(codigo).to.equal(grpc.status.UNAVAILABLE);
    } finally {
      cliente.close();
    }
  });
});
