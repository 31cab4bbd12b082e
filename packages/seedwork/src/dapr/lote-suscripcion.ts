// Dapr bulk subscribe settings, the same environment variables in every service. A batch is answered
// once all its events are: see components/pubsub.yaml and services/liquidacion/README.md for what that
// means while the PSP fails.
import { entero } from '../configuracion';
import type { LoteSuscripcion } from '../mensajeria/puertos';

/**
 * The largest batch a Node AppCallback server can take from daprd 1.18 with tracing on: daprd adds two
 * gRPC headers per traced entry (traceparent and grpc-trace-bin, postman/grpc DeliverBulk), and Node's
 * HTTP/2 server refuses a request with more than 128 header pairs (maxHeaderListPairs, which grpc-js
 * does not let us raise) with RST_STREAM ENHANCE_YOUR_CALM. daprd takes that as a failed delivery,
 * retries the same batch and dead-letters all of it. Seen: pagos with batches of 300 dead-lettered 67
 * LiquidacionFinalizada of a burst. 50 entries = 100 pairs + daprd's ~12 others.
 */
export const LIMITE_EVENTOS_POR_LOTE = 50;

/** The variables, with the service's default batch size (0: one by one). */
export function esquemaLoteSuscripcion(maximoPorDefecto: number) {
  return {
    // bulk_subscribe max_messages_count; 0 takes events one by one (OnTopicEvent)
    maximoEventosPorLote: entero('MAXIMO_EVENTOS_POR_LOTE', {
      min: 0,
      max: LIMITE_EVENTOS_POR_LOTE,
      porDefecto: maximoPorDefecto,
    }),
    // bulk_subscribe max_await_duration_ms; 0 leaves daprd's default (Pulsar ignores it: flushes at once)
    esperaMaximaLoteMs: entero('ESPERA_MAXIMA_LOTE_MS', { min: 0, max: 60_000, porDefecto: 0 }),
  };
}

/** The subscription's batch settings, or undefined when batches are off. */
export function loteDeConfiguracion(c: {
  maximoEventosPorLote: number;
  esperaMaximaLoteMs: number;
}): LoteSuscripcion | undefined {
  if (c.maximoEventosPorLote === 0) return undefined;
  return { maximoEventos: c.maximoEventosPorLote, esperaMaximaMs: c.esperaMaximaLoteMs };
}
