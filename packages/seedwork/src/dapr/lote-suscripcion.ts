// Dapr bulk subscribe settings, the same environment variables in every service (the chart sets them
// from dapr.lotes). A batch is answered once all its events are: see components/pubsub.yaml and
// services/liquidacion/README.md for what that means while the PSP fails.
import { entero } from '../configuracion';
import type { LoteSuscripcion } from '../mensajeria/puertos';

/** The variables, with the service's default batch size (0: one by one). */
export function esquemaLoteSuscripcion(maximoPorDefecto: number) {
  return {
    // bulk_subscribe max_messages_count; 0 takes events one by one (OnTopicEvent)
    maximoEventosPorLote: entero('MAXIMO_EVENTOS_POR_LOTE', {
      min: 0,
      max: 10_000,
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
