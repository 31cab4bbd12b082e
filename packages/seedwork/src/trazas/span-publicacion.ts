// The span of one outbox batch published. A batch of one request's events (one traceparent) is a child
// of that request's trace; a batch mixing requests starts its own trace and links to each of theirs.
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Link } from '@opentelemetry/api';
import type { MensajeSaliente } from '../mensajeria/puertos';
import { tracerDelProceso } from './proveedor';
import { contextoDe, enSpan } from './span';

/** Runs `trabajo` (the publish, resolving with the ids that failed) in the batch's span. */
export function enSpanPublicacion(
  mensajes: readonly Pick<MensajeSaliente, 'topico' | 'traceparent'>[],
  trabajo: () => Promise<string[]>,
): Promise<string[]> {
  const tracer = tracerDelProceso();
  if (!tracer) return trabajo();
  const trazas = new Set(mensajes.map((m) => m.traceparent ?? ''));
  const unica = trazas.size === 1 && !trazas.has('') ? [...trazas][0] : undefined;
  const enlaces: Link[] = unica
    ? []
    : [...trazas]
        .map((t) => trace.getSpanContext(contextoDe(t || undefined)))
        .filter((c) => c !== undefined)
        .map((c) => ({ context: c }));
  const topicos = [...new Set(mensajes.map((m) => m.topico))];
  const opciones = {
    kind: SpanKind.PRODUCER,
    links: enlaces,
    // messaging semantic conventions (still incubating in @opentelemetry/semantic-conventions)
    attributes: {
      'messaging.operation.type': 'send',
      'messaging.batch.message_count': mensajes.length,
      ...(topicos.length === 1 ? { 'messaging.destination.name': topicos[0] } : {}),
    },
  };
  const nombre = topicos.length === 1 ? `send ${topicos[0]}` : 'send';
  const padre = unica ? contextoDe(unica) : ROOT_CONTEXT;
  return enSpan(tracer, nombre, opciones, padre, async (span) => {
    const fallidos = await trabajo();
    span.setAttribute('alpes.outbox.fallidos', fallidos.length);
    if (fallidos.length > 0) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: `${fallidos.length} sin publicar` });
    }
    return fallidos;
  });
}
