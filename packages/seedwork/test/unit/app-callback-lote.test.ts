import { expect } from 'chai';
import { daprAppCallback, eventos, TIPOS_EVENTO } from '@alpes/contratos';
import {
  crearLogger,
  desdeJsonProto,
  ErrorDominio,
  iniciarServidorAppCallback,
  LIMITE_EVENTOS_POR_LOTE,
  Limitador,
  sobreSuscripcion,
  type Respuesta,
  type Suscripcion,
} from '../../src';
import { levantarAppCallback, TOKEN_APP_DE_PRUEBA, type AppCallbackDePrueba } from '../apoyo/app-callback';

// Bulk subscribe (OnBulkTopicEvent): each entry of a batch gets its own reply, by entry id, exactly as
// if it had come alone (DESIGN §4); the entries run at once, bounded by the app's Limitador.

const { TopicEventResponse_TopicEventResponseStatus: Estado } = daprAppCallback;
const NOMBRE_ESTADO: Record<number, string> = {
  [Estado.SUCCESS]: 'SUCCESS',
  [Estado.RETRY]: 'RETRY',
  [Estado.DROP]: 'DROP',
};

/** What the handler does with each idPago. */
type Guion = Record<string, 'hecho' | 'reintentable' | 'rechazado' | 'lanza'>;
const RESPUESTAS: Record<'hecho' | 'reintentable' | 'rechazado', Respuesta> = {
  hecho: 'SUCCESS',
  reintentable: 'RETRY',
  rechazado: 'DROP',
};

function entradaCe(entryId: string, datos: unknown, tipo: string = TIPOS_EVENTO.liquidacionFallida) {
  return {
    entryId,
    cloudEvent: {
      id: `ce-${entryId}`,
      source: 'liquidacion',
      type: tipo,
      specVersion: '1.0',
      dataContentType: 'application/json',
      data: Buffer.from(JSON.stringify(datos)),
      extensions: { traceparent: `00-${entryId}-01` },
    },
    contentType: 'application/cloudevents+json',
    metadata: {},
  };
}

describe('AppCallback: suscripción en lotes (OnBulkTopicEvent)', () => {
  let app: AppCallbackDePrueba;
  let guion: Guion;
  let enCurso = 0;
  let maximoEnCurso = 0;
  let liberar: () => void = () => undefined;
  let puerta: Promise<void> = Promise.resolve();
  const atendidos: Array<{ idPago: string; idEvento: string }> = [];

  const suscripcion = sobreSuscripcion({
    topico: 'en-lote',
    topicoDeadLetter: 'en-lote-dlq',
    lote: { maximoEventos: 50, esperaMaximaMs: 0 },
    tipo: TIPOS_EVENTO.liquidacionFallida,
    decodificar: (datos, evento) => {
      const e = desdeJsonProto(eventos.LiquidacionFallida, datos);
      if (!e.idPago) throw ErrorDominio.invalido('id_pago', 'requerido');
      return { idPago: e.idPago, idEvento: evento.id };
    },
    contexto: (cmd) => ({ id_pago: cmd.idPago }),
    manejar: async (cmd) => {
      enCurso++;
      maximoEnCurso = Math.max(maximoEnCurso, enCurso);
      try {
        await puerta;
        atendidos.push(cmd);
        const paso = guion[cmd.idPago] ?? 'hecho';
        if (paso === 'lanza') throw new Error('base de datos caída');
        return paso;
      } finally {
        enCurso--;
      }
    },
    respuesta: (d) => RESPUESTAS[d],
    logger: crearLogger({ servicio: 'prueba', nivel: 'error', escribir: () => undefined }),
  });

  before(async () => {
    app = await levantarAppCallback({
      suscripciones: [suscripcion, { topico: 'de-a-uno', manejar: async () => 'SUCCESS' }],
      limitador: new Limitador(3),
    });
  });

  after(() => app.cerrar());

  beforeEach(() => {
    guion = {};
    atendidos.length = 0;
    maximoEnCurso = 0;
    puerta = Promise.resolve();
  });

  function entregarLote(
    entries: daprAppCallback.TopicEventBulkRequestEntry[],
    topic = 'en-lote',
  ): Promise<Record<string, string>> {
    const peticion = daprAppCallback.TopicEventBulkRequest.fromPartial({
      id: 'lote-1',
      entries,
      topic,
      pubsubName: 'pubsub',
      type: 'com.dapr.event.sent.bulk',
    });
    return new Promise((resolve, reject) =>
      app.cliente.onBulkTopicEvent(peticion, (e, r) =>
        e
          ? reject(e)
          : resolve(Object.fromEntries(r.statuses.map((s) => [s.entryId, NOMBRE_ESTADO[s.status] ?? '?']))),
      ),
    );
  }

  it('declara bulk_subscribe a daprd solo para la suscripción en lotes, con sus límites', async () => {
    const r = await new Promise<daprAppCallback.ListTopicSubscriptionsResponse>((resolve, reject) =>
      app.cliente.listTopicSubscriptions({}, (e, x) => (e ? reject(e) : resolve(x))),
    );
    const porTopico = Object.fromEntries(r.subscriptions.map((s) => [s.topic, s.bulkSubscribe]));
    expect(porTopico).to.deep.equal({
      'en-lote': { enabled: true, maxMessagesCount: 50, maxAwaitDurationMs: 0 },
      'de-a-uno': undefined,
    });
  });

  it('cada entrada recibe su propia respuesta: SUCCESS, RETRY, DROP, indescifrable -> DROP, excepción -> RETRY', async () => {
    guion = { p2: 'reintentable', p3: 'rechazado', p5: 'lanza' };
    const estados = await entregarLote([
      entradaCe('e1', { idPago: 'p1', intento: 1 }),
      entradaCe('e2', { idPago: 'p2', intento: 1 }),
      entradaCe('e3', { idPago: 'p3', intento: 1 }),
      entradaCe('e4', { intento: 1 }), // no id_pago: undecodable
      entradaCe('e5', { idPago: 'p5', intento: 1 }),
      entradaCe('e6', { idPago: 'p6', intento: 1 }, 'alpespartners.eventos.v2.LiquidacionFallida'),
    ]);
    expect(estados).to.deep.equal({
      e1: 'SUCCESS',
      e2: 'RETRY',
      e3: 'DROP',
      e4: 'DROP',
      e5: 'RETRY',
      e6: 'DROP',
    });
    // the handler saw each decodable entry with its own CloudEvent id (the inbox dedupes on it)
    expect(atendidos.map((a) => a.idEvento).sort()).to.deep.equal(['ce-e1', 'ce-e2', 'ce-e3', 'ce-e5']);
  });

  it('las entradas de un lote se atienden a la vez, nunca más que el Limitador', async () => {
    puerta = new Promise((r) => (liberar = r));
    const lote = Array.from({ length: 8 }, (_, i) => entradaCe(`c${i}`, { idPago: `c${i}`, intento: 1 }));
    const respuesta = entregarLote(lote);
    const hasta = Date.now() + 5000;
    while (enCurso < 3 && Date.now() < hasta) await new Promise((r) => setTimeout(r, 5));
    expect(enCurso, 'entries in the handler at once before any finished').to.equal(3);
    liberar();
    const estados = await respuesta;
    expect(Object.values(estados)).to.deep.equal(Array(8).fill('SUCCESS'));
    expect(maximoEnCurso).to.equal(3);
  });

  it('un lote de un tópico que la app no toma en lotes se descarta entrada por entrada (DROP)', async () => {
    const estados = await entregarLote([entradaCe('x1', { idPago: 'p1', intento: 1 })], 'de-a-uno');
    expect(estados).to.deep.equal({ x1: 'DROP' });
    expect(atendidos).to.have.length(0);
  });

  it('una entrada cruda (rawPayload) se desempaca como en la entrega de a uno', async () => {
    const crudo = sobreSuscripcion({
      topico: 'crudo-en-lote',
      crudo: true,
      lote: { maximoEventos: 10, esperaMaximaMs: 0 },
      tipo: TIPOS_EVENTO.liquidacionFallida,
      decodificar: (datos, evento) => ({ datos, id: evento.id }),
      contexto: () => ({}),
      manejar: async (cmd) => (cmd.id === 'ce-crudo' ? 'hecho' : 'rechazado'),
      respuesta: (d) => (d === 'hecho' ? 'SUCCESS' : 'DROP'),
      siIndescifrable: 'SUCCESS',
      logger: crearLogger({ servicio: 'prueba', nivel: 'error', escribir: () => undefined }),
    });
    const otra = await levantarAppCallback({ suscripciones: [crudo] });
    try {
      const sobre = {
        specversion: '1.0',
        id: 'ce-crudo',
        type: TIPOS_EVENTO.liquidacionFallida,
        data: { idPago: 'p1', intento: 1 },
      };
      const peticion = daprAppCallback.TopicEventBulkRequest.fromPartial({
        topic: 'crudo-en-lote',
        entries: [
          {
            entryId: 'r1',
            bytes: Buffer.from(JSON.stringify(sobre)),
            contentType: 'application/octet-stream',
          },
          { entryId: 'r2', bytes: Buffer.from('no es json'), contentType: 'application/octet-stream' },
        ],
      });
      const r = await new Promise<daprAppCallback.TopicEventBulkResponse>((resolve, reject) =>
        otra.cliente.onBulkTopicEvent(peticion, (e, x) => (e ? reject(e) : resolve(x))),
      );
      expect(r.statuses.map((s) => [s.entryId, NOMBRE_ESTADO[s.status]])).to.deep.equal([
        ['r1', 'SUCCESS'],
        ['r2', 'SUCCESS'], // undecodable on a raw topic: acked as siIndescifrable says
      ]);
    } finally {
      otra.cerrar();
    }
  });

  it('exige el token de la app también en OnBulkTopicEvent', async () => {
    const sinToken = app.clienteCon(undefined);
    const error = await new Promise<{ code?: number }>((resolve) =>
      sinToken.onBulkTopicEvent(
        daprAppCallback.TopicEventBulkRequest.fromPartial({ topic: 'en-lote', entries: [] }),
        (e) => resolve(e ?? {}),
      ),
    );
    expect(error.code).to.equal(16); // UNAUTHENTICATED
  });

  /** Starts an AppCallback with `suscripcion` and stops it: the error it refused to start with, if any. */
  async function errorAlArrancar(suscripcion: Suscripcion): Promise<unknown> {
    try {
      const s = await iniciarServidorAppCallback({
        puerto: 0,
        pubsub: 'pubsub',
        tokenApp: TOKEN_APP_DE_PRUEBA,
        registro: { info: () => undefined, warn: () => undefined, error: () => undefined },
        suscripciones: [suscripcion],
      });
      await s.detener(0);
      return undefined;
    } catch (e) {
      return e;
    }
  }

  it('se niega a arrancar con una suscripción declarada en lotes que no sabe manejarlos', async () => {
    // daprd 1.18 acks (and so loses) a whole batch whose OnBulkTopicEvent answers UNIMPLEMENTED
    const error = await errorAlArrancar({
      topico: 'sin-lote',
      lote: { maximoEventos: 10, esperaMaximaMs: 0 },
      manejar: async () => 'SUCCESS',
    });
    expect((error as Error | undefined)?.message).to.match(/'sin-lote' declarada en lotes sin manejarLote/);
  });

  it('se niega a arrancar con un lote mayor que el que caben en las cabeceras HTTP/2 de Node', async () => {
    // daprd 1.18 sends two headers per traced entry; past 128 pairs Node refuses the call (ENHANCE_YOUR_CALM)
    const conLote = (maximoEventos: number): Suscripcion => ({
      topico: 'grande',
      lote: { maximoEventos, esperaMaximaMs: 0 },
      manejar: async () => 'SUCCESS',
      manejarLote: async (eventos) => eventos.map(() => 'SUCCESS' as const),
    });
    expect(await errorAlArrancar(conLote(LIMITE_EVENTOS_POR_LOTE))).to.equal(undefined);
    const error = await errorAlArrancar(conLote(LIMITE_EVENTOS_POR_LOTE + 1));
    expect(error).to.be.instanceOf(RangeError);
    expect((error as Error).message).to.match(
      /lote de 'grande': maximoEventos debe ser un entero entre 1 y 50/,
    );
  });
});
