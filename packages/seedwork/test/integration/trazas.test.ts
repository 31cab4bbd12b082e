// Tracing over OTLP/HTTP against a stand-in collector: the server span of a gRPC call continues the
// caller's traceparent; an event's span continues its CloudEvent's; an outbox batch's span continues
// its one request's trace or links to each; the events and log fields keep the traceparent as it came.
// Without an endpoint nothing is built and no span is made.
import * as grpc from '@grpc/grpc-js';
import { trace } from '@opentelemetry/api';
import { expect } from 'chai';
import { randomBytes, randomUUID } from 'node:crypto';
import { daprAppCallback, eventos, pagos, TIPOS_EVENTO } from '@alpes/contratos';
import {
  contextoActual,
  crearServidorGrpc,
  desdeJsonProto,
  escribirEnOutbox,
  iniciarTrazas,
  loggerNulo,
  migrar,
  MIGRACIONES_SEEDWORK,
  RelayOutbox,
  sobreSuscripcion,
  traceparentActivo,
  unario,
  type MensajeSaliente,
  type ServidorGrpc,
  type Trazas,
} from '../../src';
import {
  crearBaseDeDatosTemporal,
  iniciarReceptorOtlp,
  llamar,
  type BaseDeDatosTemporal,
  type ReceptorOtlp,
  type SpanRecibido,
} from '../../src/pruebas';
import { levantarAppCallback, type AppCallbackDePrueba } from '../apoyo/app-callback';

const SERVIDOR = 2;
const PRODUCTOR = 4;
const CONSUMIDOR = 5;
const METODO = 'alpespartners.pagos.v1.PagosService/SolicitarPago';

/** A sampled traceparent with fresh ids, and its parts. */
function nuevaTraza() {
  const traceId = randomBytes(16).toString('hex');
  const spanId = randomBytes(8).toString('hex');
  return { traceId, spanId, traceparent: `00-${traceId}-${spanId}-01` };
}

/** What the handler of the test API saw while it ran. */
interface Visto {
  traceparentDelContexto?: unknown;
  traceparentActivo?: string;
  hayspanActivo: boolean;
}

/** pagos' API with only SolicitarPago, through seedwork's server stack (crearServidorGrpc + unario). */
async function servirApi(
  vistos: Visto[],
): Promise<{ cliente: pagos.PagosServiceClient; servidor: ServidorGrpc }> {
  const solicitarPago = unario(loggerNulo, async (req: pagos.SolicitarPagoRequest) => {
    vistos.push({
      traceparentDelContexto: contextoActual().traceparent,
      traceparentActivo: traceparentActivo(),
      hayspanActivo: trace.getActiveSpan() !== undefined,
    });
    if (req.referencia === 'falla') throw new Error('base de datos caída');
    return { pago: undefined };
  });
  const servidor = crearServidorGrpc({
    servicios: [
      {
        nombre: 'alpespartners.pagos.v1.PagosService',
        definicion: pagos.PagosServiceService,
        implementacion: { solicitarPago } as unknown as grpc.UntypedServiceImplementation,
      },
    ],
    logger: loggerNulo,
    reflexion: false,
  });
  const direccion = `127.0.0.1:${await servidor.iniciar('127.0.0.1:0')}`;
  return { cliente: new pagos.PagosServiceClient(direccion, grpc.credentials.createInsecure()), servidor };
}

function solicitar(cliente: pagos.PagosServiceClient, metadatos: Record<string, string>, referencia = 'r') {
  const md = new grpc.Metadata();
  for (const [k, v] of Object.entries(metadatos)) md.set(k, v);
  return llamar(cliente, cliente.solicitarPago, pagos.SolicitarPagoRequest.fromPartial({ referencia }), md);
}

describe('trazas OpenTelemetry exportadas por OTLP/HTTP', function () {
  this.timeout(30_000);
  let receptor: ReceptorOtlp;
  let trazas: Trazas;
  let api: { cliente: pagos.PagosServiceClient; servidor: ServidorGrpc };
  const vistos: Visto[] = [];

  before(async () => {
    receptor = await iniciarReceptorOtlp();
    trazas = iniciarTrazas({ url: receptor.url, servicio: 'servicio-de-prueba' });
    api = await servirApi(vistos);
  });
  after(async () => {
    api?.cliente.close();
    await api?.servidor.detener(1_000);
    await trazas?.detener();
    await receptor?.cerrar();
  });
  beforeEach(() => {
    receptor.spans.length = 0;
    vistos.length = 0;
  });

  /** Exports what is buffered and returns the spans of trace `traceId`. */
  async function spansDe(traceId: string): Promise<SpanRecibido[]> {
    await trazas.forzarEnvio();
    return receptor.spans.filter((s) => s.traceId === traceId);
  }

  it('una llamada gRPC con traceparent deja un span de servidor hijo del llamante, con el método', async () => {
    const llamante = nuevaTraza();
    await solicitar(api.cliente, { traceparent: llamante.traceparent });

    const [span, ...otros] = await spansDe(llamante.traceId);
    expect(otros, 'un solo span de la llamada').to.have.length(0);
    expect(span).to.deep.include({
      servicio: 'servicio-de-prueba',
      name: METODO,
      kind: SERVIDOR,
      parentSpanId: llamante.spanId,
    });
    expect(span!.atributos).to.deep.include({
      'rpc.system.name': 'grpc',
      'rpc.method': METODO,
      'rpc.status_code': 'OK',
    });
    // logs and events keep the caller's traceparent as it came; what the handler starts hangs from the span
    expect(vistos[0]!.traceparentDelContexto).to.equal(llamante.traceparent);
    expect(vistos[0]!.traceparentActivo).to.equal(`00-${llamante.traceId}-${span!.spanId}-01`);
  });

  it('una llamada sin traceparent empieza una traza propia, y un error interno marca el span', async () => {
    const error = await solicitar(api.cliente, {}, 'falla').catch((e: grpc.ServiceError) => e);
    expect((error as grpc.ServiceError).code).to.equal(grpc.status.INTERNAL);
    const activo = vistos[0]!.traceparentActivo!;
    expect(activo).to.match(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(vistos[0]!.traceparentDelContexto, 'sin traceparent del llamante no se inventa uno en el contexto')
      .to.be.undefined;

    const [span] = await spansDe(activo.split('-')[1]!);
    expect(span).to.deep.include({ name: METODO, kind: SERVIDOR, spanId: activo.split('-')[2] });
    expect(span!.parentSpanId ?? '').to.equal('');
    expect(span!.atributos['rpc.status_code']).to.equal('INTERNAL');
    expect(span!.status?.code, 'STATUS_CODE_ERROR').to.equal(2);
  });

  describe('eventos entregados por Dapr (AppCallback)', () => {
    let app: AppCallbackDePrueba;
    const traceparentsVistos: Array<string | undefined> = [];

    before(async () => {
      const suscripcion = sobreSuscripcion({
        topico: 'liquidaciones-fallidas',
        tipo: TIPOS_EVENTO.liquidacionFallida,
        decodificar: (datos) => desdeJsonProto(eventos.LiquidacionFallida, datos),
        contexto: (e, evento) => ({ id_pago: e.idPago, traceparent: evento.traceparent }),
        manejar: async (e) => {
          traceparentsVistos.push(traceparentActivo());
          return e.idPago === 'reintentar' ? 'reintentable' : 'hecho';
        },
        respuesta: (d) => (d === 'hecho' ? 'SUCCESS' : 'RETRY'),
        logger: loggerNulo,
      });
      app = await levantarAppCallback({ suscripciones: [suscripcion] });
    });
    after(() => app?.cerrar());

    function entregar(idPago: string, traceparent: string) {
      const peticion = daprAppCallback.TopicEventRequest.fromPartial({
        id: randomUUID(),
        type: TIPOS_EVENTO.liquidacionFallida,
        topic: 'liquidaciones-fallidas',
        pubsubName: 'pubsub',
        specVersion: '1.0',
        dataContentType: 'application/json',
        data: Buffer.from(JSON.stringify({ idPago, intento: 1, motivo: 'x' })),
        extensions: { traceparent },
      });
      return new Promise<number>((resolve, reject) =>
        app.cliente.onTopicEvent(peticion, (e, r) => (e ? reject(e) : resolve(r.status))),
      );
    }

    it('el manejo de un evento es un span hijo del traceparent de su CloudEvent', async () => {
      const origen = nuevaTraza();
      expect(await entregar('pago-1', origen.traceparent)).to.equal(
        daprAppCallback.TopicEventResponse_TopicEventResponseStatus.SUCCESS,
      );
      const [span, ...otros] = await spansDe(origen.traceId);
      expect(otros).to.have.length(0);
      expect(span).to.deep.include({
        name: 'process liquidaciones-fallidas',
        kind: CONSUMIDOR,
        parentSpanId: origen.spanId,
      });
      expect(span!.atributos).to.deep.include({
        'messaging.destination.name': 'liquidaciones-fallidas',
        'cloudevents.event_type': TIPOS_EVENTO.liquidacionFallida,
        'alpes.respuesta_dapr': 'SUCCESS',
      });
      expect(traceparentsVistos.at(-1)).to.equal(`00-${origen.traceId}-${span!.spanId}-01`);
    });

    it('un evento que se reintentará deja su span marcado con RETRY', async () => {
      const origen = nuevaTraza();
      await entregar('reintentar', origen.traceparent);
      const [span] = await spansDe(origen.traceId);
      expect(span!.atributos['alpes.respuesta_dapr']).to.equal('RETRY');
      expect(span!.status).to.deep.include({ code: 2, message: 'RETRY' });
    });
  });

  describe('lotes del relay del outbox (Postgres real)', () => {
    let bd: BaseDeDatosTemporal;

    before(async () => {
      bd = await crearBaseDeDatosTemporal('seedwork_trazas');
      await migrar(bd.knex, [...MIGRACIONES_SEEDWORK]);
    });
    after(() => bd?.eliminar());

    async function publicarFilas(traceparents: Array<string | undefined>): Promise<MensajeSaliente[]> {
      const mensajes = traceparents.map((traceparent, i) => ({
        id: randomUUID(),
        topico: 'pagos-solicitados',
        tipo: TIPOS_EVENTO.pagoSolicitado,
        datos: { idPago: `p-${i}` },
        traceparent,
      }));
      await bd.knex.transaction((tx) => escribirEnOutbox(tx, mensajes));
      const publicados: MensajeSaliente[] = [];
      const relay = new RelayOutbox({
        knex: bd.knex,
        logger: loggerNulo,
        publicador: {
          publicarLote: async (lote) => {
            publicados.push(...lote);
            return [];
          },
        },
      });
      expect(await relay.drenar()).to.equal(mensajes.length);
      return publicados;
    }

    it('un lote de una sola petición es hijo de su traza, y los mensajes llevan su traceparent intacto', async () => {
      const peticion = nuevaTraza();
      const publicados = await publicarFilas([peticion.traceparent, peticion.traceparent]);
      expect(publicados.map((m) => m.traceparent)).to.deep.equal([
        peticion.traceparent,
        peticion.traceparent,
      ]);

      const [span, ...otros] = await spansDe(peticion.traceId);
      expect(otros).to.have.length(0);
      expect(span).to.deep.include({
        name: 'send pagos-solicitados',
        kind: PRODUCTOR,
        parentSpanId: peticion.spanId,
      });
      expect(span!.atributos).to.deep.include({
        'messaging.batch.message_count': 2,
        'alpes.outbox.fallidos': 0,
      });
    });

    it('un lote de varias peticiones empieza su traza y enlaza la de cada una', async () => {
      const a = nuevaTraza();
      const b = nuevaTraza();
      await publicarFilas([a.traceparent, b.traceparent, undefined]);
      await trazas.forzarEnvio();
      const span = receptor.spans.find((s) => s.kind === PRODUCTOR);
      expect(span, 'el span del lote').to.not.be.undefined;
      expect([a.traceId, b.traceId]).to.not.include(span!.traceId);
      expect(span!.links).to.have.deep.members([
        { traceId: a.traceId, spanId: a.spanId },
        { traceId: b.traceId, spanId: b.spanId },
      ]);
      expect(span!.atributos['messaging.batch.message_count']).to.equal(3);
    });
  });
});

describe('trazas sin endpoint configurado', () => {
  it('no se crea exportador ni span: el trabajo corre sin traza y el traceparent del llamante sigue igual', async () => {
    const receptor = await iniciarReceptorOtlp();
    const trazas = iniciarTrazas({ servicio: 'servicio-de-prueba' });
    const vistos: Visto[] = [];
    const api = await servirApi(vistos);
    try {
      expect(trazas.activas).to.equal(false);
      const llamante = nuevaTraza();
      await solicitar(api.cliente, { traceparent: llamante.traceparent });
      await trazas.forzarEnvio();
      expect(vistos).to.deep.equal([
        { traceparentDelContexto: llamante.traceparent, traceparentActivo: undefined, hayspanActivo: false },
      ]);
      expect(receptor.peticiones).to.equal(0);
    } finally {
      api.cliente.close();
      await api.servidor.detener(1_000);
      await trazas.detener();
      await receptor.cerrar();
    }
  });

  it('tras detener las trazas no se hacen más spans', async () => {
    const receptor = await iniciarReceptorOtlp();
    const trazas = iniciarTrazas({ url: receptor.url, servicio: 'servicio-de-prueba' });
    const vistos: Visto[] = [];
    const api = await servirApi(vistos);
    try {
      await solicitar(api.cliente, {});
      await trazas.detener(); // flushes what was buffered
      expect(receptor.spans.map((s) => s.name)).to.deep.equal([METODO]);
      await solicitar(api.cliente, {});
      expect(vistos.map((v) => v.hayspanActivo)).to.deep.equal([true, false]);
    } finally {
      api.cliente.close();
      await api.servidor.detener(1_000);
      await receptor.cerrar();
    }
  });
});
