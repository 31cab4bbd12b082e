// The one mapping from error kinds to gRPC status. INVALID_ARGUMENT carries a google.rpc.Status with a
// google.rpc.BadRequest field violation in `grpc-status-details-bin` (the standard rich error model), so
// clients and grpcurl can show which field is wrong.
import * as grpc from '@grpc/grpc-js';
import { BinaryReader, BinaryWriter } from '@bufbuild/protobuf/wire';
import { ErrorConcurrencia, esErrorDominio, type TipoErrorDominio } from '../dominio/error-dominio';
import { ErrorSaturacion } from '../aplicacion/saturacion';
import type { Logger } from '../registro';

/** Metadata key of the rich error details (binary google.rpc.Status). */
export const CLAVE_DETALLES_ERROR = 'grpc-status-details-bin';
const TIPO_BAD_REQUEST = 'type.googleapis.com/google.rpc.BadRequest';

const CODIGOS: Record<TipoErrorDominio, grpc.status> = {
  invalido: grpc.status.INVALID_ARGUMENT,
  'no-encontrado': grpc.status.NOT_FOUND,
  conflicto: grpc.status.ALREADY_EXISTS,
  precondicion: grpc.status.FAILED_PRECONDITION,
};

/** One field violation of google.rpc.BadRequest. */
export interface ViolacionCampo {
  campo: string;
  descripcion: string;
}

/**
 * Maps any error to the status the client sees. ErrorDominio kinds -> INVALID_ARGUMENT (with BadRequest
 * details naming the field), NOT_FOUND, ALREADY_EXISTS, FAILED_PRECONDITION; ErrorConcurrencia -> ABORTED;
 * ErrorSaturacion -> RESOURCE_EXHAUSTED (not logged: under overload there would be one line per refusal);
 * anything else -> INTERNAL with a generic message, logged with the request context.
 */
export function aErrorGrpc(error: unknown, logger: Logger): Partial<grpc.StatusObject> {
  if (error instanceof ErrorSaturacion) {
    return { code: grpc.status.RESOURCE_EXHAUSTED, details: error.message, metadata: new grpc.Metadata() };
  }
  if (error instanceof ErrorConcurrencia) {
    return { code: grpc.status.ABORTED, details: error.message, metadata: new grpc.Metadata() };
  }
  if (esErrorDominio(error)) {
    const code = CODIGOS[error.tipo];
    const metadata = new grpc.Metadata();
    if (code === grpc.status.INVALID_ARGUMENT && error.campo) {
      metadata.set(
        CLAVE_DETALLES_ERROR,
        codificarEstadoBadRequest(code, error.message, [{ campo: error.campo, descripcion: error.message }]),
      );
    }
    return { code, details: error.message, metadata };
  }
  if (esFallaDeConexion(error)) {
    // The database (or another dependency) is down or restarting: the client should retry.
    logger.warn('dependencia no disponible atendiendo una llamada gRPC', { error });
    return {
      code: grpc.status.UNAVAILABLE,
      details: 'servicio no disponible, reintente',
      metadata: new grpc.Metadata(),
    };
  }
  logger.error('error inesperado atendiendo una llamada gRPC', { error });
  return { code: grpc.status.INTERNAL, details: 'error interno', metadata: new grpc.Metadata() };
}

// Node socket errors, knex's pool timeout, and Postgres' "server shutting down / cannot connect now".
const CODIGOS_CONEXION = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  '57P01',
  '57P02',
  '57P03',
]);

function esFallaDeConexion(error: unknown): boolean {
  const e = error as { code?: unknown; name?: unknown; message?: unknown } | null;
  if (!e || typeof e !== 'object') return false;
  if (typeof e.code === 'string' && CODIGOS_CONEXION.has(e.code)) return true;
  if (e.name === 'KnexTimeoutError') return true;
  return typeof e.message === 'string' && /Connection terminated|connection timeout/i.test(e.message);
}

/** Encodes google.rpc.Status{code, message, details:[Any(google.rpc.BadRequest{field_violations})]}. */
export function codificarEstadoBadRequest(
  code: number,
  mensaje: string,
  violaciones: ViolacionCampo[],
): Buffer {
  const badRequest = new BinaryWriter();
  for (const v of violaciones) {
    badRequest.uint32(10).fork().uint32(10).string(v.campo).uint32(18).string(v.descripcion).join();
  }
  const estado = new BinaryWriter().uint32(8).int32(code).uint32(18).string(mensaje);
  estado.uint32(26).fork().uint32(10).string(TIPO_BAD_REQUEST).uint32(18).bytes(badRequest.finish()).join();
  return Buffer.from(estado.finish());
}

/** Decodes the field violations from a google.rpc.Status (clients and tests); empty when there are none. */
export function decodificarViolaciones(estadoBinario: Buffer | Uint8Array): ViolacionCampo[] {
  const violaciones: ViolacionCampo[] = [];
  const estado = new BinaryReader(estadoBinario);
  while (estado.pos < estado.len) {
    const [campo, tipo] = estado.tag();
    if (campo !== 3) {
      estado.skip(tipo);
      continue;
    }
    const any = new BinaryReader(estado.bytes());
    let url = '';
    let valor: Uint8Array = new Uint8Array();
    while (any.pos < any.len) {
      const [c, t] = any.tag();
      if (c === 1) url = any.string();
      else if (c === 2) valor = any.bytes();
      else any.skip(t);
    }
    if (url !== TIPO_BAD_REQUEST) continue;
    const br = new BinaryReader(valor);
    while (br.pos < br.len) {
      const [c, t] = br.tag();
      if (c !== 1) {
        br.skip(t);
        continue;
      }
      const fv = new BinaryReader(br.bytes());
      const v: ViolacionCampo = { campo: '', descripcion: '' };
      while (fv.pos < fv.len) {
        const [c2, t2] = fv.tag();
        if (c2 === 1) v.campo = fv.string();
        else if (c2 === 2) v.descripcion = fv.string();
        else fv.skip(t2);
      }
      violaciones.push(v);
    }
  }
  return violaciones;
}
