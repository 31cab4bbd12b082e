// The development credential of the local runtime: one ES256 key pair per machine, kept in the
// git-ignored runtime folder (private key readable only by its owner), whose public half the services
// read as their JWKS, and whose private half signs tokens for the CLI, drills, tests and scripts.
// A token here is what an identity provider would issue: iss, aud, sub, exp and the OAuth2 `scope`.
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { jose } from './jose';

/** `iss` of the local credential (the services of `npm start` and the tests expect it). */
export const EMISOR_LOCAL = 'alpes-local';
/** `aud` of the local credential. */
export const AUDIENCIA_LOCAL = 'alpes-pagos';

const ARCHIVO_CLAVE_PRIVADA = 'clave-firma.jwk.json';
const ARCHIVO_JWKS = 'jwks.json';

/** Repository root, from packages/seedwork/dist/src/autenticacion. */
const RAIZ_REPO = path.resolve(__dirname, '../../../../..');

/** The git-ignored runtime folder (ALPES_ENTORNO_DIR moves it), as packages/entorno resolves it. */
function dirEntorno(env: NodeJS.ProcessEnv): string {
  return path.resolve(env.ALPES_ENTORNO_DIR ?? path.join(RAIZ_REPO, '.entorno'));
}

/** Folder of the local credential: ALPES_CREDENCIAL_DIR, else <runtime folder>/credencial. */
export function dirCredencialLocal(env: NodeJS.ProcessEnv = process.env): string {
  if (env.ALPES_CREDENCIAL_DIR) return path.resolve(env.ALPES_CREDENCIAL_DIR);
  return path.join(dirEntorno(env), 'credencial');
}

/**
 * Folder of the kind cluster's dev credential (valores-dev.yaml), beside the cluster's tools: its own
 * key pair, so a cluster never accepts the local runtime's tokens by accident, nor the reverse.
 */
export function dirCredencialCluster(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(dirEntorno(env), 'herramientas', 'cluster', 'credencial-dev');
}

export interface ClavesLocales {
  /** Public JWKS for the services (JWKS_TOKENS). */
  rutaJwks: string;
  rutaClavePrivada: string;
}

/** Creates the key pair in `dir` if it is not there yet (safe against concurrent runs) and writes the JWKS. */
export function asegurarClavesLocales(dir: string = dirCredencialLocal()): ClavesLocales {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const rutaClavePrivada = path.join(dir, ARCHIVO_CLAVE_PRIVADA);
  if (!fs.existsSync(rutaClavePrivada)) {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = { ...privateKey.export({ format: 'jwk' }), alg: 'ES256', use: 'sig' };
    const temporal = `${rutaClavePrivada}.${randomBytes(4).toString('hex')}`;
    fs.writeFileSync(temporal, JSON.stringify({ ...jwk, kid: kidDe(jwk) }), { mode: 0o600 });
    try {
      fs.linkSync(temporal, rutaClavePrivada); // fails if another run created it first: theirs is kept
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      fs.rmSync(temporal, { force: true });
    }
  }
  fs.chmodSync(rutaClavePrivada, 0o600);
  const { d: _privado, ...publica } = leerClavePrivada(rutaClavePrivada);
  const rutaJwks = path.join(dir, ARCHIVO_JWKS);
  const temporal = `${rutaJwks}.${randomBytes(4).toString('hex')}`;
  fs.writeFileSync(temporal, JSON.stringify({ keys: [publica] }, null, 2) + '\n');
  fs.renameSync(temporal, rutaJwks);
  return { rutaJwks, rutaClavePrivada };
}

/** Whether `dir` holds a signing key. */
export function existeCredencialLocal(dir: string = dirCredencialLocal()): boolean {
  return fs.existsSync(path.join(dir, ARCHIVO_CLAVE_PRIVADA));
}

export interface OpcionesToken {
  permisos: readonly string[];
  /** Lifetime (default 1 h). */
  duracionS?: number;
  /** Absolute `exp` (epoch seconds), instead of duracionS (tests: an expired token). */
  expiraEn?: number;
  sujeto?: string;
  emisor?: string;
  audiencia?: string;
}

/** A bearer token signed with the private key of `dir` (which must exist: see asegurarClavesLocales). */
export async function emitirTokenLocal(
  o: OpcionesToken,
  dir: string = dirCredencialLocal(),
): Promise<string> {
  const rutaClavePrivada = path.join(dir, ARCHIVO_CLAVE_PRIVADA);
  if (!existeCredencialLocal(dir)) {
    throw new Error(`no hay credencial local en ${dir}: se crea al iniciar el sistema (npm start)`);
  }
  const jwk = leerClavePrivada(rutaClavePrivada);
  const j = await jose();
  const clave = await j.importJWK(jwk, 'ES256');
  return new j.SignJWT({ scope: o.permisos.join(' ') })
    .setProtectedHeader({ alg: 'ES256', kid: jwk.kid, typ: 'at+jwt' })
    .setIssuer(o.emisor ?? EMISOR_LOCAL)
    .setAudience(o.audiencia ?? AUDIENCIA_LOCAL)
    .setSubject(o.sujeto ?? `desarrollo:${process.env.USER ?? 'local'}`)
    .setIssuedAt()
    .setJti(randomBytes(12).toString('hex'))
    .setExpirationTime(o.expiraEn ?? `${o.duracionS ?? 3600}s`)
    .sign(clave);
}

interface JwkPrivada {
  kty: string;
  crv: string;
  x: string;
  y: string;
  d: string;
  kid: string;
  alg: string;
  use: string;
}

function leerClavePrivada(ruta: string): JwkPrivada {
  return JSON.parse(fs.readFileSync(ruta, 'utf8')) as JwkPrivada;
}

/** A key id derived from the public key, so a new key pair never reuses an old id. */
function kidDe(jwk: { x?: string; y?: string }): string {
  return `local-${createHash('sha256').update(`${jwk.x}.${jwk.y}`).digest('base64url').slice(0, 16)}`;
}
