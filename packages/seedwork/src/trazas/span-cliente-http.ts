// The client span of an outgoing HTTP call; the call sends its traceparent, so the server joins the trace.
import { context, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import {
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ATTR_URL_FULL,
} from '@opentelemetry/semantic-conventions';
import { tracerDelProceso } from './proveedor';
import { enSpan, inyectar } from './span';

const SIN_CABECERAS: Readonly<Record<string, string>> = Object.freeze({});

/**
 * Runs `trabajo` (the call, resolving with the response status) in a client span under the current
 * one; `trabajo` gets the headers to add (traceparent), none when tracing is off.
 */
export function enSpanClienteHttp<R extends { estado: number }>(
  metodo: string,
  url: URL,
  trabajo: (cabeceras: Readonly<Record<string, string>>) => Promise<R>,
): Promise<R> {
  const tracer = tracerDelProceso();
  if (!tracer) return trabajo(SIN_CABECERAS);
  const opciones = {
    kind: SpanKind.CLIENT,
    attributes: {
      [ATTR_HTTP_REQUEST_METHOD]: metodo,
      [ATTR_URL_FULL]: `${url.origin}${url.pathname}`, // never credentials or a query
      [ATTR_SERVER_ADDRESS]: url.hostname,
      [ATTR_SERVER_PORT]: Number(url.port) || (url.protocol === 'https:' ? 443 : 80),
    },
  };
  return enSpan(tracer, metodo, opciones, context.active(), async (span) => {
    const respuesta = await trabajo(inyectar(context.active(), {})); // the active context holds the span
    span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, respuesta.estado);
    if (respuesta.estado >= 400) span.setStatus({ code: SpanStatusCode.ERROR });
    return respuesta;
  });
}
