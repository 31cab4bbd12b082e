import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tokenCoincide } from '@alpes/seedwork';

// The process-control API kills processes: only whoever can read this run's token file (mode 600,
// new every `npm start`) may call it. A web page the operator happens to open cannot: it never
// learns the token, and requests carrying an Origin header are refused outright.

export const ARCHIVO_TOKEN_CONTROL = 'token-control';

/** A fresh token, written to `<dir>/token-control` readable by this user only. */
export function generarTokenControl(dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  const token = randomBytes(32).toString('hex');
  const archivo = path.join(dir, ARCHIVO_TOKEN_CONTROL);
  fs.writeFileSync(archivo, `${token}\n`, { mode: 0o600 });
  fs.chmodSync(archivo, 0o600); // the mode above applies only to a file writeFileSync creates
  return token;
}

/** The token of the run whose state lives in `dir`; undefined when none is running there. */
export function leerTokenControl(dir: string): string | undefined {
  try {
    return fs.readFileSync(path.join(dir, ARCHIVO_TOKEN_CONTROL), 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

/** `authorization: Bearer <token>`, compared in constant time (as Dapr's app token). */
export function autorizaControl(cabecera: string | undefined, token: string): boolean {
  return tokenCoincide(token, /^Bearer (.+)$/.exec(cabecera ?? '')?.[1]);
}
