// W3C trace context of a call: the caller's `traceparent` when it is valid, else a new trace, so every
// request's events carry one (the outbox stores it; the CloudEvent forwards it through Dapr). With
// tracing on, the new trace is the call's server span, so what the events cause joins that span.
import { randomBytes } from 'node:crypto';
import { traceparentActivo } from '@alpes/seedwork';

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$/;
const CEROS = /^0+$/;

/** Whether `valor` is a version-00 traceparent with non-zero trace and parent ids. */
export function esTraceparentValido(valor: string | undefined): valor is string {
  const partes = valor ? TRACEPARENT.exec(valor) : null;
  return !!partes && !CEROS.test(partes[1]!) && !CEROS.test(partes[2]!);
}

// Random bytes drawn 4 KiB at a time, as crypto.randomUUID does: two randomBytes calls per request were
// ~2 % of pagos' CPU under load (a CSPRNG call and a buffer each). Trace ids are not secrets.
const RESERVA = 4096;
const BYTES_POR_TRAZA = 24; // 16 of trace id, 8 of parent id
let reserva = Buffer.alloc(0);
let usados = 0;

/** A new sampled trace: 00-<trace id>-<parent id>-01. */
export function nuevoTraceparent(): string {
  if (usados + BYTES_POR_TRAZA > reserva.length) {
    reserva = randomBytes(RESERVA);
    usados = 0;
  }
  const inicio = usados;
  usados += BYTES_POR_TRAZA;
  const hex = (desde: number, hasta: number) => reserva.toString('hex', inicio + desde, inicio + hasta);
  return `00-${hex(0, 16)}-${hex(16, BYTES_POR_TRAZA)}-01`;
}

/** The caller's traceparent if valid (W3C: an invalid one is ignored), otherwise the span's or a new one. */
export function traceparentDeLlamada(delLlamador: string | undefined): string {
  if (esTraceparentValido(delLlamador)) return delLlamador;
  return traceparentActivo() ?? nuevoTraceparent();
}
