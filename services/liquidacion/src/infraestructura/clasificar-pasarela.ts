// How a PSP answer is read. 2xx: paid. 4xx except 401/403/408/409/429: rejected for good (never retried).
// 401/403 say our credentials are wrong, not the payment: transient (retried, then dead-lettered as a
// credentials failure). 409 is the idempotency key still in use by a call in flight: transient.
// 5xx, 408, 429, anything else, and every network failure (timeout, refused, reset): transient (retried).
import type { ResultadoPasarela } from '../aplicacion/puertos';

const LARGO_MAXIMO_MOTIVO = 300;

function mensajeDe(cuerpo: string): string {
  try {
    const json = JSON.parse(cuerpo) as { error?: unknown };
    if (typeof json?.error === 'string') return json.error;
  } catch {
    // not JSON: the raw text is the message
  }
  return cuerpo.trim();
}

function recortar(texto: string): string {
  return texto.length > LARGO_MAXIMO_MOTIVO ? texto.slice(0, LARGO_MAXIMO_MOTIVO) + '…' : texto;
}

export function clasificarRespuesta(estadoHttp: number, cuerpo: string): ResultadoPasarela {
  if (estadoHttp >= 200 && estadoHttp < 300) {
    let referencia = '';
    try {
      const json = JSON.parse(cuerpo) as { id?: unknown };
      if (typeof json?.id === 'string') referencia = json.id;
    } catch {
      // paid all the same: money moved, the reference is only informative
    }
    return { tipo: 'pagado', referencia };
  }
  const detalle = mensajeDe(cuerpo);
  const motivo = recortar(detalle ? `HTTP ${estadoHttp}: ${detalle}` : `HTTP ${estadoHttp}`);
  if (estadoHttp === 401 || estadoHttp === 403) {
    // The text becomes the FALLIDA motivo when retries run out: it has to say it was not the payment.
    const error = `credenciales de la pasarela rechazadas (${motivo})`;
    return { tipo: 'transitorio', error, estadoHttp, causa: 'credenciales' };
  }
  if (estadoHttp === 409) {
    const error = `clave de idempotencia en uso en la pasarela (${motivo})`;
    return { tipo: 'transitorio', error, estadoHttp, causa: 'clave-en-uso' };
  }
  if (estadoHttp >= 400 && estadoHttp < 500 && estadoHttp !== 408 && estadoHttp !== 429) {
    return { tipo: 'rechazado', motivo, estadoHttp };
  }
  return { tipo: 'transitorio', error: motivo, estadoHttp };
}

/** Codes of the network failure behind a fetch error (undici wraps them in `cause`, sometimes nested). */
function codigoDe(error: unknown): string | undefined {
  for (
    let e = error as { code?: unknown; cause?: unknown } | undefined, n = 0;
    e && n < 5;
    e = e.cause as typeof e, n++
  ) {
    if (typeof e.code === 'string') return e.code;
  }
  return undefined;
}

export function clasificarFalloRed(error: unknown, tiempoMaximoMs: number): ResultadoPasarela {
  const nombre = (error as { name?: unknown })?.name;
  if (nombre === 'TimeoutError' || nombre === 'AbortError') {
    return { tipo: 'transitorio', error: `sin respuesta de la pasarela en ${tiempoMaximoMs} ms` };
  }
  const codigo = codigoDe(error);
  const mensaje = error instanceof Error ? error.message : String(error);
  return { tipo: 'transitorio', error: recortar(codigo ? `${codigo}: ${mensaje}` : mensaje) };
}
