import * as grpc from '@grpc/grpc-js';
import { daprAppCallback } from '@alpes/contratos';
import { EventoRecibido, Respuesta, Suscripcion } from '../mensajeria/puertos';
import type { Limitador } from './limitador';
import { LIMITE_EVENTOS_POR_LOTE } from './lote-suscripcion';
import { RegistroMinimo, registroConsola } from './registro-minimo';
import { exigirTokenDeApp } from './token-app';

// Our own dapr.proto.runtime.v1.AppCallback on the service's grpc-js server: @dapr/dapr 3.17+ is
// Connect-based (cannot host our gRPC API) and turns a handler that throws into SUCCESS, losing the
// message. Here a throw becomes RETRY, so Dapr's resiliency policy and dead-letter topic apply.
// Every method that delivers something requires Dapr's app token; serve it on its own loopback
// listener (servidor-app-callback.ts), never on the public API port.

const { TopicEventResponse_TopicEventResponseStatus: Estado } = daprAppCallback;

const ESTADOS: Record<Respuesta, number> = {
  SUCCESS: Estado.SUCCESS,
  RETRY: Estado.RETRY,
  DROP: Estado.DROP,
};

export interface OpcionesAppCallback {
  /** Dapr pub/sub component name (NOMBRES.componentePubsub). */
  pubsub: string;
  /** APP_API_TOKEN: daprd sends it as `dapr-api-token`; deliveries without it get UNAUTHENTICATED. */
  tokenApp: string;
  suscripciones: Suscripcion[];
  registro?: RegistroMinimo;
  /** Called after each delivery with its outcome, e.g. to count retries and drops in metrics. */
  alResponder?: (topico: string, respuesta: Respuesta) => void;
  /** Bounds the deliveries handled at once (the rest wait in arrival order); unbounded when absent. */
  limitador?: Limitador;
}

export function registrarAppCallback(servidor: grpc.Server, opciones: OpcionesAppCallback): void {
  const registro = opciones.registro ?? registroConsola;
  for (const s of opciones.suscripciones) exigirLoteValido(s);
  const porTopico = new Map(opciones.suscripciones.map((s) => [s.topico, s]));
  const { limitador } = opciones;
  const manejar = (s: Suscripcion, e: EventoRecibido) =>
    limitador ? limitador.ejecutar(() => s.manejar(e)) : s.manejar(e);
  const limitar = limitador ? <T>(tarea: () => Promise<T>) => limitador.ejecutar(tarea) : undefined;
  const alRechazar = (metodo: string) =>
    registro.warn('call without a valid dapr-api-token: refused (UNAUTHENTICATED)', { metodo });
  const conToken = <P, R>(metodo: string, manejador: grpc.handleUnaryCall<P, R>) =>
    exigirTokenDeApp(opciones.tokenApp, manejador, alRechazar, metodo);

  // daprd 1.18 sends no token on ListTopicSubscriptions (processor/subscriber) nor on the health
  // probe (channel/grpc HealthProbe): both change nothing and reveal only topic names, so they are open.
  const implementacion: daprAppCallback.AppCallbackServer = {
    listTopicSubscriptions: (_llamada, responder) => {
      responder(null, {
        subscriptions: opciones.suscripciones.map((s) => ({
          pubsubName: opciones.pubsub,
          topic: s.topico,
          metadata: (s.crudo ? { rawPayload: 'true' } : {}) as Record<string, string>,
          routes: undefined,
          deadLetterTopic: s.topicoDeadLetter ?? '',
          bulkSubscribe: s.lote
            ? {
                enabled: true,
                maxMessagesCount: s.lote.maximoEventos,
                maxAwaitDurationMs: s.lote.esperaMaximaMs,
              }
            : undefined,
        })),
      });
    },
    onTopicEvent: conToken('OnTopicEvent', (llamada, responder) => {
      const peticion = llamada.request;
      const suscripcion = porTopico.get(peticion.topic);
      const evento = suscripcion?.crudo ? desdeCrudo(peticion) : aEventoRecibido(peticion);
      const responderCon = (respuesta: Respuesta) => {
        opciones.alResponder?.(peticion.topic, respuesta);
        responder(null, { status: ESTADOS[respuesta] });
      };
      if (!suscripcion) {
        registro.error('event for a topic this app does not subscribe to: dropped', {
          topico: peticion.topic,
          id_evento: peticion.id,
        });
        return responderCon('DROP');
      }
      manejar(suscripcion, evento).then(responderCon, (e: unknown) => {
        registro.error('event handler failed: RETRY', {
          topico: peticion.topic,
          id_evento: peticion.id,
          error: (e as Error).message,
        });
        responderCon('RETRY');
      });
    }),
    onInvoke: conToken('OnInvoke', noImplementado()),
    listInputBindings: (_llamada, responder) => responder(null, { bindings: [] }),
    onBindingEvent: conToken('OnBindingEvent', noImplementado()),
    // daprd 1.18 calls this (the stable name) first and OnBulkTopicEventAlpha1 only if it is UNIMPLEMENTED.
    onBulkTopicEvent: conToken('OnBulkTopicEvent', (llamada, responder) => {
      const peticion = llamada.request;
      const suscripcion = porTopico.get(peticion.topic);
      const responderCon = (respuestas: Respuesta[]) => {
        for (const r of respuestas) opciones.alResponder?.(peticion.topic, r);
        responder(null, {
          statuses: peticion.entries.map((e, i) => ({ entryId: e.entryId, status: ESTADOS[respuestas[i]!] })),
        });
      };
      if (!suscripcion?.manejarLote) {
        registro.error('batch for a topic this app does not take in batches: dropped', {
          topico: peticion.topic,
          eventos: peticion.entries.length,
        });
        return responderCon(peticion.entries.map(() => 'DROP'));
      }
      const eventos = peticion.entries.map((e) => deEntradaDeLote(e, peticion.topic));
      suscripcion.manejarLote(eventos, limitar).then(
        (respuestas) => {
          if (respuestas.length === eventos.length) return responderCon(respuestas);
          registro.error('batch handler gave a reply count other than its events: RETRY all', {
            topico: peticion.topic,
            eventos: eventos.length,
            respuestas: respuestas.length,
          });
          responderCon(eventos.map(() => 'RETRY'));
        },
        (e: unknown) => {
          registro.error('batch handler failed: RETRY all', {
            topico: peticion.topic,
            eventos: eventos.length,
            error: (e as Error).message,
          });
          responderCon(eventos.map(() => 'RETRY'));
        },
      );
    }),
  };
  servidor.addService(daprAppCallback.AppCallbackService, implementacion);
  servidor.addService(daprAppCallback.AppCallbackHealthCheckService, {
    healthCheck: (_llamada, responder) => responder(null, {}),
  } satisfies daprAppCallback.AppCallbackHealthCheckServer);
}

function noImplementado<Peticion, Respuesta>(): grpc.handleUnaryCall<Peticion, Respuesta> {
  return (_llamada, responder) =>
    responder({ code: grpc.status.UNIMPLEMENTED, details: 'not used by this app' });
}

/**
 * A subscription declared to daprd in batches must take them: daprd 1.18 answers an UNIMPLEMENTED
 * OnBulkTopicEvent by acking the whole batch (postman/grpc DeliverBulk: "DROP"), so every event in it
 * would be lost without a dead letter. Refused at start instead.
 */
function exigirLoteValido(s: Suscripcion): void {
  if (!s.lote) return;
  if (typeof s.manejarLote !== 'function')
    throw new Error(`suscripción a '${s.topico}' declarada en lotes sin manejarLote`);
  const { maximoEventos, esperaMaximaMs } = s.lote;
  if (!Number.isInteger(maximoEventos) || maximoEventos < 1 || maximoEventos > LIMITE_EVENTOS_POR_LOTE)
    throw new RangeError(
      `lote de '${s.topico}': maximoEventos debe ser un entero entre 1 y ${LIMITE_EVENTOS_POR_LOTE} ` +
        `(las cabeceras de un lote mayor no caben en HTTP/2 de Node: lote-suscripcion.ts), no ${maximoEventos}`,
    );
  if (!Number.isInteger(esperaMaximaMs) || esperaMaximaMs < 0)
    throw new RangeError(
      `lote de '${s.topico}': esperaMaximaMs debe ser un entero >= 0, no ${esperaMaximaMs}`,
    );
}

/** An entry of a batch as a single delivery: a CloudEvent daprd unpacked, or raw bytes (rawPayload). */
function deEntradaDeLote(
  entrada: daprAppCallback.TopicEventBulkRequestEntry,
  topico: string,
): EventoRecibido {
  const ce = entrada.cloudEvent;
  if (ce)
    return aEventoRecibido({
      id: ce.id,
      type: ce.type,
      topic: topico,
      data: ce.data,
      extensions: ce.extensions,
    });
  return desdeCrudo({ id: entrada.entryId, topic: topico, data: entrada.bytes ?? Buffer.alloc(0) });
}

type Entrega = Pick<daprAppCallback.TopicEventRequest, 'id' | 'type' | 'topic' | 'data' | 'extensions'>;

function aEventoRecibido(peticion: Entrega): EventoRecibido {
  const extensiones = (peticion.extensions ?? {}) as Record<string, unknown>;
  let datos: unknown;
  try {
    datos = peticion.data.length > 0 ? JSON.parse(peticion.data.toString('utf8')) : undefined;
  } catch {
    datos = undefined; // undecodable: the handler answers DROP
  }
  return {
    id: peticion.id,
    tipo: peticion.type,
    topico: peticion.topic,
    datos,
    datosCrudos: peticion.data,
    traceparent: typeof extensiones.traceparent === 'string' ? extensiones.traceparent : undefined,
    idCorrelacion: typeof extensiones.idcorrelacion === 'string' ? extensiones.idcorrelacion : undefined,
  };
}

/**
 * A rawPayload delivery: daprd wraps the topic's bytes in a CloudEvent of its own (random id, type
 * com.dapr.event.sent), so the CloudEvent that was published, if the bytes are one, is read here.
 */
function desdeCrudo(peticion: Pick<Entrega, 'id' | 'topic' | 'data'>): EventoRecibido {
  let sobre: Record<string, unknown> | undefined;
  try {
    const json: unknown = JSON.parse(peticion.data.toString('utf8'));
    if (json && typeof json === 'object' && !Array.isArray(json)) sobre = json as Record<string, unknown>;
  } catch {
    sobre = undefined;
  }
  const texto = (v: unknown) => (typeof v === 'string' ? v : undefined);
  if (!sobre || !texto(sobre.id) || !texto(sobre.type)) {
    return {
      id: peticion.id,
      tipo: '',
      topico: peticion.topic,
      datos: undefined,
      datosCrudos: peticion.data,
    };
  }
  const { datos, datosCrudos } = datosDelSobre(sobre);
  return {
    id: texto(sobre.id)!,
    tipo: texto(sobre.type)!,
    topico: peticion.topic,
    datos,
    datosCrudos,
    traceparent: texto(sobre.traceparent),
    idCorrelacion: texto(sobre.idcorrelacion),
  };
}

/** data as daprd would have handed it over: JSON as is, a string parsed if it is JSON, data_base64 decoded. */
function datosDelSobre(sobre: Record<string, unknown>): { datos: unknown; datosCrudos: Buffer } {
  const intentar = (b: Buffer) => {
    try {
      return b.length > 0 ? (JSON.parse(b.toString('utf8')) as unknown) : undefined;
    } catch {
      return undefined;
    }
  };
  if (typeof sobre.data_base64 === 'string') {
    const b = Buffer.from(sobre.data_base64, 'base64');
    return { datos: intentar(b), datosCrudos: b };
  }
  if (typeof sobre.data === 'string') {
    const b = Buffer.from(sobre.data, 'utf8');
    return { datos: intentar(b), datosCrudos: b };
  }
  if (sobre.data === undefined) return { datos: undefined, datosCrudos: Buffer.alloc(0) };
  return { datos: sobre.data, datosCrudos: Buffer.from(JSON.stringify(sobre.data), 'utf8') };
}
