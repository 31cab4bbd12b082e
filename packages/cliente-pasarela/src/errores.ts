// Failures of an HTTP call, typed so the CLI can map them to exit codes (codigos-salida.ts).

/** A non-2xx answer from an HTTP API (the pasarela admin). */
export class ErrorHttp extends Error {
  constructor(
    readonly servicio: string,
    readonly estado: number,
    mensaje: string,
  ) {
    super(mensaje);
  }
}

/** The service could not be reached at all (connection refused, DNS, reset). */
export class ErrorConexion extends Error {
  constructor(
    readonly servicio: string,
    readonly direccion: string,
    causa: string,
  ) {
    super(causa);
  }
}

/** fetch hides the socket error in `cause`; surface ECONNREFUSED and timeouts plainly. */
export function causaDeFetch(error: unknown, plazoMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return `sin respuesta en ${plazoMs} ms`;
  }
  const causa = (error as { cause?: { code?: string; message?: string } })?.cause;
  if (causa?.code) return causa.code;
  if (causa?.message) return causa.message;
  return error instanceof Error ? error.message : String(error);
}
