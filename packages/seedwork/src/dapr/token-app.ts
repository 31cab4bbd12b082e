import { hash, timingSafeEqual } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';

// Dapr's app token: daprd sends APP_API_TOKEN in `dapr-api-token` metadata on every call to the app,
// so a delivery without it did not come from our sidecar. Compared as SHA-256 digests with
// timingSafeEqual: constant time, and the length of the token does not leak either.

/** Metadata key daprd uses for both tokens (APP_API_TOKEN to the app, DAPR_API_TOKEN to daprd). */
export const CABECERA_TOKEN_DAPR = 'dapr-api-token';

const resumen = (t: string): Buffer => hash('sha256', t, 'buffer');

// The expected token is the same on every call of a process: its digest is kept, not redone per call.
let ultimoEsperado = '';
let resumenEsperado = resumen('');

/** True when `recibido` is exactly `esperado`, in time that does not depend on where they differ. */
export function tokenCoincide(esperado: string, recibido: unknown): boolean {
  if (typeof recibido !== 'string' || esperado === '') return false;
  if (esperado !== ultimoEsperado) {
    resumenEsperado = resumen(esperado);
    ultimoEsperado = esperado;
  }
  return timingSafeEqual(resumenEsperado, resumen(recibido));
}

/** True when the call's `dapr-api-token` metadata (exactly one value) is the app token. */
export function llamadaConTokenDeApp(metadatos: grpc.Metadata, esperado: string): boolean {
  const valores = metadatos.get(CABECERA_TOKEN_DAPR);
  return valores.length === 1 && tokenCoincide(esperado, valores[0]);
}

/**
 * Wraps a unary handler: a call without the app token is answered UNAUTHENTICATED and never
 * reaches `manejador`.
 */
export function exigirTokenDeApp<Peticion, Respuesta>(
  esperado: string,
  manejador: grpc.handleUnaryCall<Peticion, Respuesta>,
  alRechazar?: (metodo: string) => void,
  metodo = '',
): grpc.handleUnaryCall<Peticion, Respuesta> {
  return (llamada, responder) => {
    if (!llamadaConTokenDeApp(llamada.metadata, esperado)) {
      alRechazar?.(metodo);
      responder({ code: grpc.status.UNAUTHENTICATED, details: 'missing or invalid dapr-api-token' });
      return;
    }
    manejador(llamada, responder);
  };
}
