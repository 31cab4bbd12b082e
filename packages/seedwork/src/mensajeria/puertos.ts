// Ports between the application and the message broker. Adapters: dapr/publicador-dapr.ts
// (publishing through the sidecar) and dapr/app-callback.ts (deliveries from the sidecar).

/** A message leaving a service: an outbox row on its way to a topic. */
export interface MensajeSaliente {
  /** CloudEvent id; stable across re-publication, so consumers can dedupe on it. */
  id: string;
  topico: string;
  /** CloudEvent type: the full proto message name, e.g. alpespartners.eventos.v1.PagoSolicitado. */
  tipo: string;
  /** proto3 JSON of the event. */
  datos: unknown;
  idCorrelacion?: string;
  /** W3C traceparent of the request that produced the event, propagated through Dapr. */
  traceparent?: string;
  /**
   * Messages with the same key go to the same partition of a partitioned topic (the broker's message
   * key, Dapr's `partitionKey` metadata); e.g. the id of the pago the event is about.
   */
  claveParticion?: string;
}

export interface Publicador {
  /** Publishes a batch; resolves with the ids that could NOT be published (to retry later). */
  publicarLote(mensajes: MensajeSaliente[]): Promise<string[]>;
}

/** What the subscriber tells Dapr: SUCCESS acks, RETRY hands over to the resiliency policy, DROP dead-letters. */
export type Respuesta = 'SUCCESS' | 'RETRY' | 'DROP';

/** A delivery from the sidecar, CloudEvent fields already unpacked. */
export interface EventoRecibido {
  id: string;
  tipo: string;
  topico: string;
  /** Parsed JSON of the CloudEvent data; undefined when it could not be parsed. */
  datos: unknown;
  datosCrudos: Buffer;
  traceparent?: string;
  idCorrelacion?: string;
}

export interface Suscripcion {
  topico: string;
  /** Where daprd sends the event when retries are exhausted or the handler answers DROP. */
  topicoDeadLetter?: string;
  /**
   * Take the topic's bytes as they are (Dapr rawPayload) and unpack the CloudEvent here: for topics
   * that may hold anything, like a dead-letter topic (daprd forwards bytes it could not parse there,
   * and would nack them forever on a normal subscription). Undecodable -> datos undefined, tipo ''.
   */
  crudo?: boolean;
  manejar(evento: EventoRecibido): Promise<Respuesta>;
  /**
   * Take deliveries in batches (Dapr bulk subscribe): declared to daprd only with manejarLote, since
   * daprd 1.18 acks a whole batch, losing it, when the app answers OnBulkTopicEvent UNIMPLEMENTED.
   */
  lote?: LoteSuscripcion;
  /** One reply per event, in order; `limitar` bounds how many of them run at once. */
  manejarLote?(eventos: EventoRecibido[], limitar?: Limitar): Promise<Respuesta[]>;
}

/** Dapr's bulk_subscribe settings of a subscription. */
export interface LoteSuscripcion {
  /** Events per batch at most (max_messages_count). */
  maximoEventos: number;
  /** Longest a batch waits to fill (max_await_duration_ms); 0 leaves daprd's default (Pulsar flushes at once). */
  esperaMaximaMs: number;
}

/** Runs a task when a slot is free (e.g. Limitador.ejecutar). */
export type Limitar = <T>(tarea: () => Promise<T>) => Promise<T>;
