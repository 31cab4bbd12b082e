// Verifies a caller's bearer token: an OAuth2/OIDC access token (JWT) signed by a key of the JWKS, from
// the expected issuer, for our audience, not expired (small clock tolerance), with an asymmetric
// algorithm of the allow-list (never `none`, never HS*: an HMAC "signed" with a public key would verify).
// A token that verified is remembered for a while (cache-tokens.ts): its later calls skip the signature
// check; the permission of each call is still checked against its claims (grpc/autorizacion.ts).
import type { Reloj } from '../aplicacion/puertos';
import { CACHE_TOKENS_POR_DEFECTO, CacheTokens, type OpcionesCacheTokens } from './cache-tokens';
import { conjuntoDeClaves, type BuscadorClave } from './conjunto-claves';
import { jose } from './jose';

/** Algorithms a verifier may accept: asymmetric only. */
export const ALGORITMOS_ASIMETRICOS = [
  'ES256',
  'ES384',
  'ES512',
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'EdDSA',
  'Ed25519',
] as const;

export interface OpcionesVerificador {
  /** https URL of the identity provider's JWKS, or the path of a JWKS file. */
  jwks: string;
  /** Expected `iss`. */
  emisor: string;
  /** Expected `aud` (one of the token's audiences). */
  audiencia: string;
  /** Allow-list (default ES256, RS256); each must be asymmetric. */
  algoritmos?: readonly string[];
  /** Clock skew accepted on exp/nbf/iat, in seconds (default 30). */
  toleranciaS?: number;
  /** Verified tokens kept (default CACHE_TOKENS_POR_DEFECTO; maximoEntradas 0 turns it off). */
  cache?: OpcionesCacheTokens;
  /** The time of exp/nbf checks, the cache and the JWKS file's re-read (tests fake it). */
  reloj?: Reloj;
}

/** Who called, once the token verified. */
export interface Llamante {
  sujeto: string;
  permisos: ReadonlySet<string>;
}

/** The token is missing, malformed, expired, not ours or not validly signed. `motivo` is for logs. */
export class ErrorCredencial extends Error {
  constructor(readonly motivo: string) {
    super(motivo);
    this.name = 'ErrorCredencial';
  }
}

export interface VerificadorTokens {
  verificar(token: string): Promise<Llamante>;
}

/** crearVerificadorTokens' verifier: also says how many tokens its cache holds. */
export interface VerificadorTokensConCache extends VerificadorTokens {
  entradasEnCache(): number;
}

/** Checks the options (throws on a symmetric or unknown algorithm) and loads the JWKS. */
export async function crearVerificadorTokens(o: OpcionesVerificador): Promise<VerificadorTokensConCache> {
  const algoritmos = [...(o.algoritmos ?? ['ES256', 'RS256'])];
  const ajenos = algoritmos.filter((a) => !(ALGORITMOS_ASIMETRICOS as readonly string[]).includes(a));
  if (algoritmos.length === 0 || ajenos.length > 0) {
    throw new Error(
      `algoritmos de token no admitidos: ${ajenos.join(', ') || '(ninguno)'}; se aceptan ${ALGORITMOS_ASIMETRICOS.join(', ')}`,
    );
  }
  const reloj = o.reloj ?? { ahora: () => new Date() };
  const claves: BuscadorClave = await conjuntoDeClaves(o.jwks, reloj);
  const cache = new CacheTokens<Llamante>(o.cache ?? CACHE_TOKENS_POR_DEFECTO);
  const j = await jose();
  return {
    entradasEnCache: () => cache.tamano,
    async verificar(token) {
      const ahora = reloj.ahora();
      const conocido = cache.leer(token, ahora.getTime());
      if (conocido) return conocido;
      try {
        const { payload } = await j.jwtVerify(token, claves, {
          issuer: o.emisor,
          audience: o.audiencia,
          algorithms: algoritmos,
          clockTolerance: o.toleranciaS ?? 30,
          requiredClaims: ['exp', 'sub'],
          currentDate: ahora,
        });
        const llamante: Llamante = { sujeto: payload.sub ?? '', permisos: permisosDe(payload) };
        cache.guardar(token, llamante, payload.exp!, ahora.getTime());
        return llamante;
      } catch (error) {
        // the keys could not be fetched (provider down, timeout): not the caller's fault, so not a
        // bad credential; protegerServicio answers UNAVAILABLE and the client may retry
        if (error instanceof j.errors.JWKSTimeout || !(error instanceof j.errors.JOSEError)) throw error;
        throw new ErrorCredencial(error.code);
      }
    },
  };
}

/** OAuth2 `scope` (space-separated, RFC 9068) and/or a `permissions` array (as some providers issue). */
function permisosDe(payload: Record<string, unknown>): Set<string> {
  const permisos = new Set<string>();
  if (typeof payload.scope === 'string') for (const p of payload.scope.split(' ')) if (p) permisos.add(p);
  if (Array.isArray(payload.permissions)) {
    for (const p of payload.permissions) if (typeof p === 'string') permisos.add(p);
  }
  return permisos;
}
