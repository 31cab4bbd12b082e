// Wraps an async use-case call as a grpc-js unary handler: refuses calls already cancelled or past their
// deadline, runs the work in a log context carrying id_correlacion (and the caller's traceparent, which
// adapters writing events read from contextoActual()) and, when tracing is on, in the call's server span
// (a child of that traceparent), and maps errors once (errores.ts).
import { randomUUID } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { conContexto, type Logger } from '../registro';
import { enSpanServidorGrpc } from '../trazas/span-servidor-grpc';
import { validarIdCorrelacion } from './correlacion';
import { aErrorGrpc } from './errores';

/** Metadata key a client may set to correlate its call with logs and events. */
export const CLAVE_ID_CORRELACION = 'x-id-correlacion';

/** What a handler gets besides the request. */
export interface ContextoLlamada {
  idCorrelacion: string;
  /** W3C trace context of the caller, if any (to propagate through events). */
  traceparent?: string;
  metadatos: grpc.Metadata;
  /** Aborted when the client cancels or the deadline passes. */
  senal: AbortSignal;
}

/** A grpc-js unary handler running `fn(request, contexto)`; see the file comment for what it adds. */
export function unario<Req, Res>(
  logger: Logger,
  fn: (request: Req, contexto: ContextoLlamada) => Promise<Res>,
): grpc.handleUnaryCall<Req, Res> {
  return (call, callback) => {
    const restanteMs = msHastaPlazo(call.getDeadline());
    if (call.cancelled || restanteMs <= 0) {
      callback({ code: grpc.status.DEADLINE_EXCEEDED, details: 'la llamada expiró antes de empezar' });
      return;
    }
    let idCorrelacion: string;
    try {
      idCorrelacion = validarIdCorrelacion(primerTexto(call.metadata.get(CLAVE_ID_CORRELACION)));
    } catch (error) {
      callback(aErrorGrpc(error, logger)); // bad metadata is bad input: INVALID_ARGUMENT, nothing done
      return;
    }
    idCorrelacion ||= randomUUID();
    const controlador = new AbortController();
    let respondida = false;
    // grpc-js emits 'cancelled' also as an answered call's stream closes; aborting then would only
    // build a DOMException with its stack (~8 % of a no-op call's CPU), so only a running call aborts
    call.on('cancelled', () => {
      if (!respondida) controlador.abort();
    });
    const temporizador = Number.isFinite(restanteMs)
      ? setTimeout(() => controlador.abort(), restanteMs)
      : undefined;
    const responder: grpc.sendUnaryData<Res> = (error, respuesta) => {
      respondida = true;
      clearTimeout(temporizador);
      callback(error, respuesta);
    };
    const traceparent = primerTexto(call.metadata.get('traceparent')) || undefined;
    conContexto({ id_correlacion: idCorrelacion, metodo: call.getPath(), traceparent }, () =>
      enSpanServidorGrpc(call.getPath(), traceparent, () =>
        fn(call.request, {
          idCorrelacion,
          traceparent,
          metadatos: call.metadata,
          senal: controlador.signal,
        }).then(
          (respuesta) => {
            responder(null, respuesta);
            return grpc.status.OK;
          },
          (error: unknown) => {
            const estado = aErrorGrpc(error, logger);
            responder(estado);
            return estado.code ?? grpc.status.UNKNOWN;
          },
        ),
      ),
    );
  };
}

function msHastaPlazo(plazo: grpc.Deadline): number {
  if (plazo instanceof Date) return plazo.getTime() - Date.now();
  return plazo === Infinity ? Infinity : plazo - Date.now();
}

function primerTexto(valores: grpc.MetadataValue[]): string {
  const v = valores[0];
  return typeof v === 'string' ? v : '';
}
