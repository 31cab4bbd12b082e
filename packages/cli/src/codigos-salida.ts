// Exit codes scripts can branch on, and the one place that maps failures (usage, gRPC, HTTP,
// network) to them and to a message an operator can act on.
import { ErrorConexion, ErrorHttp } from '@alpes/cliente-pasarela';
import { status } from '@grpc/grpc-js';

// the HTTP failures are declared with the client that raises them
export { ErrorConexion, ErrorHttp };

export const SALIDA = {
  /** Done. */
  ok: 0,
  /** Anything else: an unexpected answer or a bug. */
  otro: 1,
  /** Bad command line: unknown command or flag, missing or malformed value. Nothing was sent. */
  uso: 2,
  /** The pago / liquidacion / route does not exist (gRPC NOT_FOUND, HTTP 404). */
  noEncontrado: 3,
  /** The service refused it: invalid argument, idempotency conflict, wrong state (4xx). */
  rechazado: 4,
  /** The service could not be reached or did not answer in time (UNAVAILABLE, DEADLINE, 5xx). */
  noDisponible: 5,
} as const;

export type CodigoSalida = (typeof SALIDA)[keyof typeof SALIDA];

/** A bad command line; `opcion` names the flag or argument at fault. */
export class ErrorDeUso extends Error {
  constructor(
    mensaje: string,
    readonly opcion?: string,
  ) {
    super(mensaje);
  }
}

/** A failed gRPC call, with the service and address it was sent to. */
export class ErrorGrpc extends Error {
  constructor(
    readonly servicio: string,
    readonly direccion: string,
    readonly codigo: status,
    readonly detalle: string,
  ) {
    super(detalle);
  }
}

const RECHAZOS_GRPC = new Set<status>([
  status.INVALID_ARGUMENT,
  status.ALREADY_EXISTS,
  status.FAILED_PRECONDITION,
  status.OUT_OF_RANGE,
  status.PERMISSION_DENIED,
  status.UNAUTHENTICATED,
  status.ABORTED,
]);
const NO_DISPONIBLE_GRPC = new Set<status>([
  status.UNAVAILABLE,
  status.DEADLINE_EXCEEDED,
  status.RESOURCE_EXHAUSTED,
]);

export function codigoSalidaGrpc(codigo: status): CodigoSalida {
  if (codigo === status.OK) return SALIDA.ok;
  if (codigo === status.NOT_FOUND) return SALIDA.noEncontrado;
  if (RECHAZOS_GRPC.has(codigo)) return SALIDA.rechazado;
  if (NO_DISPONIBLE_GRPC.has(codigo)) return SALIDA.noDisponible;
  return SALIDA.otro;
}

export function codigoSalidaHttp(estado: number): CodigoSalida {
  if (estado >= 200 && estado < 300) return SALIDA.ok;
  if (estado === 404) return SALIDA.noEncontrado;
  if (estado === 429 || estado === 502 || estado === 503 || estado === 504) return SALIDA.noDisponible;
  if (estado >= 400 && estado < 500) return SALIDA.rechazado;
  return SALIDA.otro;
}

export function codigoSalidaDe(error: unknown): CodigoSalida {
  if (error instanceof ErrorDeUso) return SALIDA.uso;
  if (error instanceof ErrorGrpc) return codigoSalidaGrpc(error.codigo);
  if (error instanceof ErrorHttp) return codigoSalidaHttp(error.estado);
  if (error instanceof ErrorConexion) return SALIDA.noDisponible;
  return SALIDA.otro;
}

/** Name of a gRPC status code ("NOT_FOUND"), for messages and error tallies. */
export function nombreCodigoGrpc(codigo: number): string {
  return status[codigo] ?? `CODIGO_${codigo}`;
}

/** One line an operator can act on: what failed, where, and why. */
export function mensajeDeError(error: unknown): string {
  if (error instanceof ErrorDeUso) return `${error.message}\n(alpes --ayuda muestra los comandos y opciones)`;
  if (error instanceof ErrorGrpc) {
    const donde = `${error.servicio} en ${error.direccion}`;
    if (NO_DISPONIBLE_GRPC.has(error.codigo)) {
      return `${donde} no responde (${nombreCodigoGrpc(error.codigo)}): ${error.detalle}; revise la dirección (--${error.servicio}) y que el servicio esté arriba`;
    }
    if (error.codigo === status.UNAUTHENTICATED) {
      return `${donde} respondió UNAUTHENTICATED: ${error.detalle}; localmente la credencial la crea npm start, o defina ALPES_TOKEN`;
    }
    return `${donde} respondió ${nombreCodigoGrpc(error.codigo)}: ${error.detalle}`;
  }
  if (error instanceof ErrorHttp) return `${error.servicio} respondió HTTP ${error.estado}: ${error.message}`;
  if (error instanceof ErrorConexion) {
    return `no se pudo conectar con ${error.servicio} en ${error.direccion}: ${error.message}; revise --${error.servicio}`;
  }
  return `error inesperado: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
}
