// Where the verification keys come from: a JWKS file (e.g. a ConfigMap or Secret mounted in the pod,
// re-read when it changes so keys can rotate without a restart) or an https URL (the identity
// provider's jwks_uri, cached and refreshed by jose).
import * as fs from 'node:fs';
import type { Reloj } from '../aplicacion/puertos';
import { jose, type Jose } from './jose';

/** jose's key lookup: given the token's protected header, the key that verifies it. */
export type BuscadorClave = Parameters<Jose['jwtVerify']>[1];

/** How often a JWKS file's modification time is checked. */
const REVISION_ARCHIVO_MS = 5_000;

/** A key lookup over `origen`: an https URL, or a path to a JWKS file (re-checked on `reloj`'s time). */
export async function conjuntoDeClaves(
  origen: string,
  reloj: Reloj = { ahora: () => new Date() },
): Promise<BuscadorClave> {
  const j = await jose();
  if (/^https:\/\//i.test(origen)) return j.createRemoteJWKSet(new URL(origen));
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(origen)) {
    throw new Error(`JWKS ${origen}: se espera una URL https:// o la ruta de un archivo`);
  }
  return conjuntoDeArchivo(origen, j, () => reloj.ahora().getTime());
}

function conjuntoDeArchivo(ruta: string, j: Jose, ahoraMs: () => number): BuscadorClave {
  let mtimeMs = -1;
  let revisado = 0;
  let buscador = leer();
  function leer() {
    mtimeMs = fs.statSync(ruta).mtimeMs;
    revisado = ahoraMs();
    return j.createLocalJWKSet(
      JSON.parse(fs.readFileSync(ruta, 'utf8')) as Parameters<Jose['createLocalJWKSet']>[0],
    );
  }
  return ((cabecera, token) => {
    if (ahoraMs() - revisado > REVISION_ARCHIVO_MS) {
      revisado = ahoraMs();
      try {
        if (fs.statSync(ruta).mtimeMs !== mtimeMs) buscador = leer();
      } catch {
        // a file being replaced (ConfigMap symlink swap): keep the keys we have
      }
    }
    return buscador(cabecera, token);
  }) as BuscadorClave;
}
