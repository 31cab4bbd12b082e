// The local development credential (DESIGN §8b): the services of `npm start` and of the test runtime
// verify bearer tokens against the JWKS of the per-machine key pair in the runtime folder; the CLI,
// drills, bench, tests and `npm run -s credencial` sign tokens with its private half.
import * as fs from 'node:fs';
import {
  asegurarClavesLocales,
  AUDIENCIA_LOCAL,
  dirCredencialCluster,
  dirCredencialLocal,
  EMISOR_LOCAL,
} from '@alpes/seedwork';

/** The kind cluster's dev credential (charts/alpes-pagos/valores-dev.yaml): see dirCredencialCluster. */
export const DIR_CREDENCIAL_CLUSTER = dirCredencialCluster();

/** Environment of a service that accepts the local credential (creates the key pair the first time). */
export function variablesCredencialLocal(dir: string = dirCredencialLocal()): Record<string, string> {
  const { rutaJwks } = asegurarClavesLocales(dir);
  return { JWKS_TOKENS: rutaJwks, EMISOR_TOKENS: EMISOR_LOCAL, AUDIENCIA_TOKENS: AUDIENCIA_LOCAL };
}

/** The public JWKS of the key pair in `dir` (created the first time), as text. */
export function jwksDeCredencial(dir: string): string {
  return fs.readFileSync(asegurarClavesLocales(dir).rutaJwks, 'utf8');
}
