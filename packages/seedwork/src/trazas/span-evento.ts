// The span of one event handled, a child of the traceparent its CloudEvent carries: the handling
// joins the trace of the request that raised the event, across Dapr.
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { EventoRecibido, Respuesta } from '../mensajeria/puertos';
import { tracerDelProceso } from './proveedor';
import { contextoDe, enSpan } from './span';

/** Runs `trabajo` (the event's handling, resolving with Dapr's reply) in the event's span. */
export function enSpanEvento(evento: EventoRecibido, trabajo: () => Promise<Respuesta>): Promise<Respuesta> {
  const tracer = tracerDelProceso();
  if (!tracer) return trabajo();
  // messaging semantic conventions (still incubating in @opentelemetry/semantic-conventions)
  const opciones = {
    kind: SpanKind.CONSUMER,
    attributes: {
      'messaging.operation.type': 'process',
      'messaging.destination.name': evento.topico,
      'messaging.message.id': evento.id,
      'cloudevents.event_id': evento.id,
      'cloudevents.event_type': evento.tipo.slice(0, 200),
    },
  };
  const padre = contextoDe(evento.traceparent);
  return enSpan(tracer, `process ${evento.topico}`, opciones, padre, async (span) => {
    const respuesta = await trabajo();
    span.setAttribute('alpes.respuesta_dapr', respuesta);
    // RETRY and DROP: not handled now (a retry, the dead letter)
    if (respuesta !== 'SUCCESS') span.setStatus({ code: SpanStatusCode.ERROR, message: respuesta });
    return respuesta;
  });
}
