// Authentication and authorisation in front of a public gRPC API: every method of the service is
// wrapped so that the caller's bearer token is verified and its permission checked before the handler
// runs. No token or a bad one -> UNAUTHENTICATED; a valid token without the method's permission ->
// PERMISSION_DENIED; in both cases the handler is never called, so nothing is read or stored.
// Health and reflection are registered apart and stay open.
import * as grpc from '@grpc/grpc-js';
import { ErrorCredencial, type Llamante, type VerificadorTokens } from '../autenticacion/verificador-tokens';
import type { Logger } from '../registro';
import type { ServicioGrpc } from './servidor';

export interface OpcionesAutorizacion {
  verificador: VerificadorTokens;
  /** Permission each method requires, by full path (`/pkg.Service/Method`); contratos' PERMISO_POR_METODO. */
  permisos: Readonly<Record<string, string>>;
  logger: Logger;
}

/** Metadata key of the credential (`authorization: Bearer <jwt>`). */
export const CLAVE_AUTORIZACION = 'authorization';

/**
 * `servicio` with every method behind the check. Throws at start if a method has no permission
 * (fail closed: a new RPC cannot go out unprotected) or is streaming (not supported here).
 */
export function protegerServicio(servicio: ServicioGrpc, o: OpcionesAutorizacion): ServicioGrpc {
  const logger = o.logger.hijo({ componente: 'autorizacion' });
  const implementacion: grpc.UntypedServiceImplementation = {};
  for (const [nombre, metodo] of Object.entries(servicio.definicion)) {
    const permiso = o.permisos[metodo.path];
    if (!permiso) throw new Error(`${metodo.path} no tiene un permiso asignado: no se sirve sin protección`);
    if (metodo.requestStream || metodo.responseStream) {
      throw new Error(`${metodo.path}: solo se protegen métodos unarios`);
    }
    const original = servicio.implementacion[nombre] as grpc.handleUnaryCall<unknown, unknown>;
    implementacion[nombre] = ((call, callback) => {
      autorizar(o.verificador, call.metadata, permiso).then(
        (rechazo) => {
          if (!rechazo) return original(call, callback);
          logger.warn('llamada rechazada', {
            metodo: metodo.path,
            codigo: grpc.status[rechazo.code],
            motivo: rechazo.motivo,
          });
          callback({ code: rechazo.code, details: rechazo.details });
        },
        (error: unknown) => {
          logger.error('fallo al verificar la credencial', { metodo: metodo.path, error });
          callback({ code: grpc.status.UNAVAILABLE, details: 'no se pudo verificar la credencial' });
        },
      );
    }) as grpc.handleUnaryCall<unknown, unknown>;
  }
  return { ...servicio, implementacion };
}

interface Rechazo {
  code: grpc.status;
  details: string;
  motivo: string;
  llamante?: Llamante;
}

/** undefined when the call may proceed; else why not (a generic `details` for the client). */
async function autorizar(
  verificador: VerificadorTokens,
  metadatos: grpc.Metadata,
  permiso: string,
): Promise<Rechazo | undefined> {
  const token = tokenPortador(metadatos);
  if (!token) {
    return {
      code: grpc.status.UNAUTHENTICATED,
      details: 'falta la credencial (authorization: Bearer <token>)',
      motivo: 'sin credencial',
    };
  }
  let llamante: Llamante;
  try {
    llamante = await verificador.verificar(token);
  } catch (error) {
    if (!(error instanceof ErrorCredencial)) throw error;
    return {
      code: grpc.status.UNAUTHENTICATED,
      details: 'credencial inválida o vencida',
      motivo: error.motivo,
    };
  }
  if (!llamante.permisos.has(permiso)) {
    return {
      code: grpc.status.PERMISSION_DENIED,
      details: `la credencial no tiene el permiso ${permiso}`,
      motivo: `sujeto ${llamante.sujeto} sin ${permiso}`,
      llamante,
    };
  }
  return undefined;
}

/** The token of a single `authorization: Bearer <token>` value; '' otherwise. */
function tokenPortador(metadatos: grpc.Metadata): string {
  const valores = metadatos.get(CLAVE_AUTORIZACION);
  if (valores.length !== 1 || typeof valores[0] !== 'string') return '';
  const m = /^Bearer +([A-Za-z0-9._~+/-]+=*)$/i.exec(valores[0].trim());
  return m?.[1] ?? '';
}
