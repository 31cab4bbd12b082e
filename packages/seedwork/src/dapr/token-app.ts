import { hash, timingSafeEqual } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';

// Dapr's app token: daprd sends APP_API_TOKEN in `dapr-api-token` metadata on every call to the app,
// so a delivery without it did not come from our sidecar. Compared as SHA-256 digests with
// timingSafeEqual: constant time, and the length of the token does not leak either.

/** Metadata key daprd uses for both tokens (APP_API_TOKEN to the app, DAPR_API_TOKEN to daprd). */
export const CABECERA_TOKEN_DAPR = 'dapr-api-token';

const resumen = (t: string): Buffer => hash('sha256', t, 'buffer');

/**
 * A check that a received token is exactly `esperado`, in time that does not depend on where they differ.
 * `esperado`'s digest is computed here, once, not on every call; an unset token ('') admits nothing.
 */
export function comparadorDeToken(esperado: string): (recibido: unknown) => boolean {
  if (esperado === '') return () => false;
  const resumenEsperado = resumen(esperado);
  return (recibido) => typeof recibido === 'string' && timingSafeEqual(resumenEsperado, resumen(recibido));
}

/** True when `recibido` is exactly `esperado` (a single comparison; see comparadorDeToken). */
export function tokenCoincide(esperado: string, recibido: unknown): boolean {
  return comparadorDeToken(esperado)(recibido);
}

/** True when the metadata's `dapr-api-token` (exactly one value) passes `coincide`. */
function tieneTokenDeApp(metadatos: grpc.Metadata, coincide: (recibido: unknown) => boolean): boolean {
  const valores = metadatos.get(CABECERA_TOKEN_DAPR);
  return valores.length === 1 && coincide(valores[0]);
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
  const coincide = comparadorDeToken(esperado);
  return (llamada, responder) => {
    if (!tieneTokenDeApp(llamada.metadata, coincide)) {
      alRechazar?.(metodo);
      responder({ code: grpc.status.UNAUTHENTICATED, details: 'missing or invalid dapr-api-token' });
      return;
    }
    manejador(llamada, responder);
  };
}
