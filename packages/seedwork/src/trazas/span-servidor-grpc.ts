// The server span of a gRPC unary call, a child of the caller's traceparent when it sent one.
import { status } from '@grpc/grpc-js';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import {
  ATTR_RPC_METHOD,
  ATTR_RPC_STATUS_CODE,
  ATTR_RPC_SYSTEM_NAME,
  RPC_SYSTEM_NAME_VALUE_GRPC,
} from '@opentelemetry/semantic-conventions';
import { tracerDelProceso } from './proveedor';
import { contextoDe, enSpan } from './span';

// The codes that mean the server failed (gRPC semantic conventions); the others are the caller's doing.
const ERRORES_DEL_SERVIDOR = new Set<number>([
  status.UNKNOWN,
  status.DEADLINE_EXCEEDED,
  status.UNIMPLEMENTED,
  status.INTERNAL,
  status.UNAVAILABLE,
  status.DATA_LOSS,
]);

/** Runs `trabajo` (which answers the call and resolves with the status code sent) in the call's span. */
export function enSpanServidorGrpc(
  ruta: string,
  traceparent: string | undefined,
  trabajo: () => Promise<status>,
): Promise<status> {
  const tracer = tracerDelProceso();
  if (!tracer) return trabajo();
  const metodo = ruta.replace(/^\//, ''); // '/pkg.Servicio/Metodo' -> 'pkg.Servicio/Metodo'
  const opciones = {
    kind: SpanKind.SERVER,
    attributes: { [ATTR_RPC_SYSTEM_NAME]: RPC_SYSTEM_NAME_VALUE_GRPC, [ATTR_RPC_METHOD]: metodo },
  };
  return enSpan(tracer, metodo, opciones, contextoDe(traceparent), async (span) => {
    const codigo = await trabajo();
    span.setAttribute(ATTR_RPC_STATUS_CODE, status[codigo] ?? String(codigo));
    if (ERRORES_DEL_SERVIDOR.has(codigo)) span.setStatus({ code: SpanStatusCode.ERROR });
    return codigo;
  });
}
