// For tests (like base-temporal.ts): a throwaway key pair and JWKS a service under test is configured
// with, tokens signed by it, and the forgeries a test tries against the service (another key, no
// signature, HMAC keyed with the public key) to see them refused.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  AUDIENCIA_LOCAL,
  asegurarClavesLocales,
  EMISOR_LOCAL,
  emitirTokenLocal,
  type OpcionesToken,
} from './credencial-local';
import { jose } from './jose';

export interface CredencialDePrueba {
  dir: string;
  /** Environment of a service that accepts this credential (JWKS_TOKENS, EMISOR_TOKENS, AUDIENCIA_TOKENS). */
  variables: Record<string, string>;
  /** A valid token (unless the options say otherwise) with these permissions. */
  token(permisos: readonly string[], o?: Partial<OpcionesToken>): Promise<string>;
  /** Same claims and kid, signed by a key not in the JWKS. */
  tokenDeOtraClave(permisos: readonly string[]): Promise<string>;
  /** `alg: none`, no signature. */
  tokenSinFirma(permisos: readonly string[]): Promise<string>;
  /** HS256 whose secret is the JWKS's public key (the classic algorithm-confusion forgery). */
  tokenHmacConClavePublica(permisos: readonly string[]): Promise<string>;
  eliminar(): void;
}

export function crearCredencialDePrueba(): CredencialDePrueba {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alpes-credencial-'));
  const otra = fs.mkdtempSync(path.join(os.tmpdir(), 'alpes-credencial-otra-'));
  const { rutaJwks } = asegurarClavesLocales(dir);
  asegurarClavesLocales(otra);
  const publica = (JSON.parse(fs.readFileSync(rutaJwks, 'utf8')) as { keys: Record<string, string>[] })
    .keys[0]!;
  const reclamos = (permisos: readonly string[]) => ({
    scope: permisos.join(' '),
    iss: EMISOR_LOCAL,
    aud: AUDIENCIA_LOCAL,
    sub: 'prueba',
    iat: Math.floor(Date.now() / 1000),
    exp: Math.floor(Date.now() / 1000) + 600,
  });
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return {
    dir,
    variables: { JWKS_TOKENS: rutaJwks, EMISOR_TOKENS: EMISOR_LOCAL, AUDIENCIA_TOKENS: AUDIENCIA_LOCAL },
    token: (permisos, o = {}) => emitirTokenLocal({ ...o, permisos }, dir),
    async tokenDeOtraClave(permisos) {
      const ajeno = await emitirTokenLocal({ permisos }, otra);
      const [, cuerpo, firma] = ajeno.split('.');
      return `${b64({ alg: 'ES256', kid: publica.kid, typ: 'at+jwt' })}.${cuerpo}.${firma}`;
    },
    async tokenSinFirma(permisos) {
      return `${b64({ alg: 'none', typ: 'JWT' })}.${b64(reclamos(permisos))}.`;
    },
    async tokenHmacConClavePublica(permisos) {
      const j = await jose();
      return new j.SignJWT(reclamos(permisos))
        .setProtectedHeader({ alg: 'HS256', kid: publica.kid })
        .sign(new TextEncoder().encode(JSON.stringify(publica)));
    },
    eliminar() {
      fs.rmSync(dir, { recursive: true, force: true });
      fs.rmSync(otra, { recursive: true, force: true });
    },
  };
}
