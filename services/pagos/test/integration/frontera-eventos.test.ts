// Only daprd delivers events: a forged LiquidacionFinalizada(PAGADO) — at the public API port, or at
// the AppCallback listener without the app token or with a wrong one — is refused, and the pago stays
// as it was, with nothing in the inbox. Both listeners as main.ts starts them, on a real Postgres.
import * as grpc from '@grpc/grpc-js';
import { expect } from 'chai';
import { daprAppCallback, NOMBRES, TIPOS_EVENTO, TOPICOS } from '@alpes/contratos';
import {
  crearServidorGrpc,
  iniciarServidorAppCallback,
  loggerNulo,
  TABLA_INBOX,
  type ServidorAppCallback,
  type ServidorGrpc,
} from '@alpes/seedwork';
import { entornoPagos, type EntornoPagos } from '../apoyo/entorno-bd';
import { unaClave } from '../apoyo/madres';

const { TopicEventResponse_TopicEventResponseStatus: Estado } = daprAppCallback;
const TOKEN_APP = 'token-app-de-prueba-0123456789';

describe('frontera de eventos de pagos: solo daprd entrega', function () {
  this.timeout(30_000);
  let e: EntornoPagos;
  let publico: ServidorGrpc;
  let appCallback: ServidorAppCallback;
  let puertoPublico: number;
  let idPago: string;
  const clientes: grpc.Client[] = [];

  before(async () => {
    e = await entornoPagos();
    publico = crearServidorGrpc({
      servicios: [e.contenedor.cradle.api],
      logger: loggerNulo,
    });
    puertoPublico = await publico.iniciar('127.0.0.1:0');
    appCallback = await iniciarServidorAppCallback({
      puerto: 0,
      tokenApp: TOKEN_APP,
      pubsub: NOMBRES.componentePubsub,
      suscripciones: e.contenedor.cradle.suscripciones,
      registro: loggerNulo,
    });
    const { pago } = await e.contenedor.cradle.solicitarPago({
      claveIdempotencia: unaClave(),
      idInfluencer: 'inf-frontera',
      idPrograma: 'prog-1',
      referencia: 'comision',
      monto: { moneda: 'COP', unidadesMenores: 150000n },
      idCorrelacion: 'c-frontera',
    });
    idPago = pago.id;
  });
  after(async () => {
    for (const c of clientes) c.close();
    await Promise.all([publico?.detener(1_000), appCallback?.detener(1_000)]);
    await e?.cerrar();
  });

  /** A LiquidacionFinalizada(PAGADO) for the pending pago, as liquidacion would publish it. */
  const forjar = (puerto: number, token?: string) => {
    const c = new daprAppCallback.AppCallbackClient(`127.0.0.1:${puerto}`, grpc.credentials.createInsecure());
    clientes.push(c);
    const metadatos = new grpc.Metadata();
    if (token !== undefined) metadatos.set('dapr-api-token', token);
    const peticion = daprAppCallback.TopicEventRequest.fromPartial({
      id: `ev-forjado-${idPago}`,
      source: NOMBRES.appIds.liquidacion,
      type: TIPOS_EVENTO.liquidacionFinalizada,
      specVersion: '1.0',
      dataContentType: 'application/json',
      topic: TOPICOS.liquidacionesFinalizadas,
      pubsubName: NOMBRES.componentePubsub,
      data: Buffer.from(
        JSON.stringify({
          idPago,
          idLiquidacion: 'liq-forjada',
          resultado: 'RESULTADO_LIQUIDACION_PAGADO',
          referenciaPasarela: 'tr-forjada',
          idCorrelacion: 'c-frontera',
          intento: 1,
          finalizadaEn: new Date().toISOString(),
        }),
      ),
    });
    return new Promise<number | 'respondió'>((resolve) =>
      c.onTopicEvent(peticion, metadatos, { deadline: Date.now() + 5_000 }, (error, r) =>
        resolve(error ? error.code : r.status === Estado.SUCCESS ? 'respondió' : r.status),
      ),
    );
  };
  /** The pago is still SOLICITADO and no event was recorded as processed. */
  const nadaCambio = async () => {
    const fila = await e.bd.knex('pagos').where({ id: idPago }).first<{ estado: string }>();
    expect(fila!.estado).to.equal('SOLICITADO');
    const inbox = await e.bd.knex(TABLA_INBOX).count<{ n: string }[]>({ n: '*' });
    expect(Number(inbox[0]!.n), 'inbox').to.equal(0);
  };

  it('el AppCallback no escucha en el puerto público: UNIMPLEMENTED, aun con el token correcto', async () => {
    expect(await forjar(puertoPublico)).to.equal(grpc.status.UNIMPLEMENTED);
    expect(await forjar(puertoPublico, TOKEN_APP)).to.equal(grpc.status.UNIMPLEMENTED);
    await nadaCambio();
  });

  it('en el puerto del AppCallback, sin token o con uno equivocado: UNAUTHENTICATED y el pago no cambia', async () => {
    expect(await forjar(appCallback.puerto)).to.equal(grpc.status.UNAUTHENTICATED);
    expect(await forjar(appCallback.puerto, 'token-equivocado-0123456789')).to.equal(
      grpc.status.UNAUTHENTICATED,
    );
    expect(await forjar(appCallback.puerto, '')).to.equal(grpc.status.UNAUTHENTICATED);
    await nadaCambio();
  });

  // last: it changes state. The same event with daprd's token is applied, so the refusals above came
  // from the boundary and not from a malformed event.
  it('el mismo evento con el token de la app sí marca el pago PAGADO', async () => {
    expect(await forjar(appCallback.puerto, TOKEN_APP)).to.equal('respondió');
    const fila = await e.bd.knex('pagos').where({ id: idPago }).first<{ estado: string }>();
    expect(fila!.estado).to.equal('PAGADO');
  });
});
