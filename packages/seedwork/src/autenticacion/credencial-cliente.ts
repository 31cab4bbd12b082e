// The client half: every call of a generated gRPC client carries `authorization: Bearer <token>`.
// By default the token is ALPES_TOKEN, else one signed with the local credential (what `npm start`
// created) holding every permission, re-issued before it expires; without either the call goes
// without credential and the service answers UNAUTHENTICATED.
import * as fs from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import { TODOS_LOS_PERMISOS } from '@alpes/contratos';
import {
  dirCredencialLocal,
  emitirTokenLocal,
  existeCredencialLocal,
  type OpcionesToken,
} from './credencial-local';

/** The token for the next call, or undefined to call without credential. */
export type ProveedorToken = () => Promise<string | undefined>;

/** A client interceptor adding the provider's token to every call. */
export function interceptorCredencial(proveedor: ProveedorToken): grpc.Interceptor {
  return (opciones, siguiente) =>
    new grpc.InterceptingCall(siguiente(opciones), {
      start(metadatos, escucha, continuar) {
        proveedor().then(
          (token) => {
            if (token) metadatos.set('authorization', `Bearer ${token}`);
            continuar(metadatos, escucha);
          },
          () => continuar(metadatos, escucha), // the service answers UNAUTHENTICATED, which says what is missing
        );
      },
    });
}

/** grpc-js client options with the credential interceptor added to `opciones`. */
export function conCredencial(
  proveedor: ProveedorToken,
  opciones: Partial<grpc.ClientOptions> = {},
): Partial<grpc.ClientOptions> {
  return { ...opciones, interceptors: [...(opciones.interceptors ?? []), interceptorCredencial(proveedor)] };
}

export interface OpcionesProveedorLocal extends Partial<OpcionesToken> {
  /** Folder of the signing key (default dirCredencialLocal()). */
  dir?: string;
  env?: NodeJS.ProcessEnv;
}

/** ALPES_TOKEN if set; else tokens signed with the local key (all permissions unless told), cached. */
export function proveedorTokenLocal(o: OpcionesProveedorLocal = {}): ProveedorToken {
  const env = o.env ?? process.env;
  const fijo = env.ALPES_TOKEN?.trim();
  if (fijo) return async () => fijo;
  const dir = o.dir ?? dirCredencialLocal(env);
  const duracionS = o.duracionS ?? 3600;
  let vigente: { token: string; renovarEn: number } | undefined;
  let enCurso: Promise<string | undefined> | undefined;
  return async () => {
    if (vigente && Date.now() < vigente.renovarEn) return vigente.token;
    enCurso ??= (async () => {
      try {
        if (!existeCredencialLocal(dir)) return undefined;
        const token = await emitirTokenLocal(
          { ...o, permisos: o.permisos ?? TODOS_LOS_PERMISOS, duracionS },
          dir,
        );
        vigente = { token, renovarEn: Date.now() + (duracionS * 1000) / 2 };
        return token;
      } finally {
        enCurso = undefined;
      }
    })();
    return enCurso;
  };
}

/** Channel credentials: TLS verified against the CA file ALPES_CA_TLS when set, plaintext otherwise (local, dev). */
export function credencialesCanal(env: NodeJS.ProcessEnv = process.env): grpc.ChannelCredentials {
  const ca = env.ALPES_CA_TLS?.trim();
  return ca ? grpc.credentials.createSsl(fs.readFileSync(ca)) : grpc.credentials.createInsecure();
}
