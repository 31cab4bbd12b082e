import * as grpc from '@grpc/grpc-js';
import { daprPubsub, daprRuntime } from '@alpes/contratos';
import { MensajeSaliente, Publicador } from '../mensajeria/puertos';
import { CABECERA_TOKEN_DAPR } from './token-app';

// Publishes through the sidecar's gRPC API. We build the CloudEvent ourselves so its id is the
// outbox row id (consumers dedupe on it, even when the relay publishes a row twice) and its type
// is the full proto message name. The trace context goes in both `traceparent` and `traceid`: daprd
// keeps an envelope's trace fields only when `traceid` is present, otherwise it overwrites them with
// its own publish span (components-contrib pubsub.FromCloudEvent), and the request's trace is lost.
// One BulkPublishEvent per topic (the relay bounds the batch). daprd 1.18 over gRPC answers a partial
// failure with an error and no list of what failed (pkg/api/grpc/grpc.go bulkPublishEvent: on err it
// returns an empty BulkPublishResponse), so the whole batch counts as failed and the relay publishes it
// again: the entries that did reach the topic arrive twice, and consumers dedupe on the CloudEvent id.
// A message's partition key goes as its entry's metadata `partitionKey`: daprd's default bulk publisher
// hands each entry's metadata to the component's Publish (dapr pkg/runtime/pubsub/default_bulkpub.go),
// and the Pulsar component makes it the message key (components-contrib pubsub/pulsar/pulsar.go,
// parsePublishMetadata), which routes it to one partition.

const CONTENIDO_CLOUDEVENT = 'application/cloudevents+json';

/** Metadata of a message's BulkPublishEvent entry: its partition key, when it has one. */
function metadatosEntrada(m: MensajeSaliente): Record<string, string> {
  return m.claveParticion ? { partitionKey: m.claveParticion } : {};
}

export interface OpcionesPublicadorDapr {
  /** daprd gRPC address, e.g. 127.0.0.1:50001 (DAPR_GRPC_PORT). */
  direccion: string;
  pubsub: string;
  /** CloudEvent source: the app id. */
  fuente: string;
  /** DAPR_API_TOKEN: daprd started with it refuses calls without it. */
  tokenDapr: string;
  tiempoMaximoMs?: number;
}

export class PublicadorDapr implements Publicador {
  private readonly cliente: daprRuntime.DaprClient;

  constructor(private readonly opciones: OpcionesPublicadorDapr) {
    this.cliente = new daprRuntime.DaprClient(opciones.direccion, grpc.credentials.createInsecure(), {
      'grpc.max_send_message_length': 16 * 1024 * 1024,
    });
  }

  async publicarLote(mensajes: MensajeSaliente[]): Promise<string[]> {
    const porTopico = new Map<string, MensajeSaliente[]>();
    for (const m of mensajes) porTopico.set(m.topico, [...(porTopico.get(m.topico) ?? []), m]);
    const fallidos = await Promise.all(
      [...porTopico].map(([topico, lote]) => this.publicarTopico(topico, lote)),
    );
    return fallidos.flat();
  }

  cerrar(): void {
    this.cliente.close();
  }

  private async publicarTopico(topico: string, lote: MensajeSaliente[]): Promise<string[]> {
    const peticion: daprPubsub.BulkPublishRequest = {
      pubsubName: this.opciones.pubsub,
      topic: topico,
      entries: lote.map((m) => ({
        entryId: m.id,
        event: Buffer.from(JSON.stringify(this.sobre(m))),
        contentType: CONTENIDO_CLOUDEVENT,
        metadata: metadatosEntrada(m),
      })),
      metadata: {},
    };
    try {
      const respuesta = await new Promise<daprPubsub.BulkPublishResponse>((resolve, reject) => {
        this.cliente.bulkPublishEvent(
          peticion,
          this.metadatos(),
          { deadline: Date.now() + (this.opciones.tiempoMaximoMs ?? 10_000) },
          (e, r) => (e ? reject(e) : resolve(r!)),
        );
      });
      return respuesta.failedEntries.map((f) => f.entryId);
    } catch {
      // the sidecar is down or slow, or some entries failed (daprd does not say which): all again later
      return lote.map((m) => m.id);
    }
  }

  private metadatos(): grpc.Metadata {
    const metadatos = new grpc.Metadata();
    metadatos.set(CABECERA_TOKEN_DAPR, this.opciones.tokenDapr);
    return metadatos;
  }

  private sobre(m: MensajeSaliente): Record<string, unknown> {
    return {
      specversion: '1.0',
      id: m.id,
      source: this.opciones.fuente,
      type: m.tipo,
      datacontenttype: 'application/json',
      time: new Date().toISOString(),
      data: m.datos,
      ...(m.traceparent ? { traceparent: m.traceparent, traceid: m.traceparent } : {}),
      ...(m.idCorrelacion ? { idcorrelacion: m.idCorrelacion } : {}),
    };
  }
}
