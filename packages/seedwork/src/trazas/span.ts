// What every span helper shares: a span around async work (its context active while the work runs, so
// what it awaits nests under it), and the W3C traceparent read from and written to text.
import {
  context,
  defaultTextMapGetter,
  defaultTextMapSetter,
  ROOT_CONTEXT,
  SpanStatusCode,
  trace,
  type Context,
  type Span,
  type SpanOptions,
  type Tracer,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { ATTR_ERROR_TYPE } from '@opentelemetry/semantic-conventions';
import { tracerDelProceso } from './proveedor';

const w3c = new W3CTraceContextPropagator();

/** The context a W3C traceparent names, as a remote parent; the root context when absent or invalid. */
export function contextoDe(traceparent: string | undefined): Context {
  return traceparent ? w3c.extract(ROOT_CONTEXT, { traceparent }, defaultTextMapGetter) : ROOT_CONTEXT;
}

/** `traceparent` (and `tracestate` if any) of `ctx`'s span, written into `cabeceras`. */
export function inyectar(ctx: Context, cabeceras: Record<string, string>): Record<string, string> {
  w3c.inject(ctx, cabeceras, defaultTextMapSetter);
  return cabeceras;
}

/** The traceparent of the span running now; undefined when tracing is off or outside a span. */
export function traceparentActivo(): string | undefined {
  if (!tracerDelProceso() || !trace.getActiveSpan()) return undefined;
  return inyectar(context.active(), {}).traceparent;
}

/** Runs `trabajo` in a new span under `padre`; a throw marks it failed and is rethrown. */
export async function enSpan<T>(
  tracer: Tracer,
  nombre: string,
  opciones: SpanOptions,
  padre: Context,
  trabajo: (span: Span) => Promise<T>,
): Promise<T> {
  const span = tracer.startSpan(nombre, opciones, padre);
  try {
    return await context.with(trace.setSpan(padre, span), () => trabajo(span));
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    span.recordException(e);
    span.setAttribute(ATTR_ERROR_TYPE, e.name);
    span.setStatus({ code: SpanStatusCode.ERROR, message: e.message });
    throw error;
  } finally {
    span.end();
  }
}
