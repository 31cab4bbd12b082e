// Verifies a caller's bearer token: an OAuth2/OIDC access token (JWT) signed by a key of the JWKS, from
// the expected issuer, for our audience, not expired (small clock tolerance), with an asymmetric
// algorithm of the allow-list (never `none`, never HS*: an HMAC "signed" with a public key would verify).
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

/** Checks the options (throws on a symmetric or unknown algorithm) and loads the JWKS. */
export async function crearVerificadorTokens(o: OpcionesVerificador): Promise<VerificadorTokens> {
  const algoritmos = [...(o.algoritmos ?? ['ES256', 'RS256'])];
  const ajenos = algoritmos.filter((a) => !(ALGORITMOS_ASIMETRICOS as readonly string[]).includes(a));
  if (algoritmos.length === 0 || ajenos.length > 0) {
    throw new Error(
      `algoritmos de token no admitidos: ${ajenos.join(', ') || '(ninguno)'}; se aceptan ${ALGORITMOS_ASIMETRICOS.join(', ')}`,
    );
  }
  const claves: BuscadorClave = await conjuntoDeClaves(o.jwks);
  const j = await jose();
  return {
    async verificar(token) {
      try {
        const { payload } = await j.jwtVerify(token, claves, {
          issuer: o.emisor,
          audience: o.audiencia,
          algorithms: algoritmos,
          clockTolerance: o.toleranciaS ?? 30,
          requiredClaims: ['exp', 'sub'],
        });
        return { sujeto: payload.sub ?? '', permisos: permisosDe(payload) };
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
