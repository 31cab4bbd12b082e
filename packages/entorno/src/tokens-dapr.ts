import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

// Dapr's two API tokens of one local run (`npm start` or a test runtime): fresh random values every
// run, handed to each app and its daprd, and kept in a file only this user can read (mode 600) for
// the tools that must call daprd's API too (drills publishing poison through it).

export interface TokensDapr {
  /** APP_API_TOKEN: daprd sends it to the app (dapr-api-token); the app refuses calls without it. */
  app: string;
  /** DAPR_API_TOKEN: the app (and drills) send it to daprd, which refuses calls without it. */
  dapr: string;
}

export const ARCHIVO_TOKENS_DAPR = 'tokens-dapr.json';

export function generarTokensDapr(): TokensDapr {
  return { app: randomBytes(32).toString('hex'), dapr: randomBytes(32).toString('hex') };
}

/** Writes the tokens to `<dir>/tokens-dapr.json` (mode 600, also when the file already existed). */
export function guardarTokensDapr(dir: string, tokens: TokensDapr): string {
  fs.mkdirSync(dir, { recursive: true });
  const archivo = path.join(dir, ARCHIVO_TOKENS_DAPR);
  fs.writeFileSync(archivo, `${JSON.stringify(tokens)}\n`, { mode: 0o600 });
  fs.chmodSync(archivo, 0o600); // writeFileSync's mode applies only to a file it creates
  return archivo;
}

/** The tokens of the run whose state lives in `dir`; undefined when none is running there. */
export function leerTokensDapr(dir: string): TokensDapr | undefined {
  try {
    const t = JSON.parse(fs.readFileSync(path.join(dir, ARCHIVO_TOKENS_DAPR), 'utf8')) as Partial<TokensDapr>;
    return typeof t.app === 'string' && typeof t.dapr === 'string' ? { app: t.app, dapr: t.dapr } : undefined;
  } catch {
    return undefined;
  }
}
