#!/usr/bin/env node
// `npm test` (after `npm run check`): every mocha suite of the repo, unit -> integration -> e2e,
// on the real runtime that the test harness starts on its own ports (see pruebas/); then the
// cluster suite, in its own mocha run once that runtime is stopped (the kind cluster needs the
// cores): `npm run cluster -- up` + `deploy`, flow, KEDA, drills with --target k8s.
// ALPES_SIN_CLUSTER=1 leaves the cluster suite out (said so at the end). Extra arguments go to
// mocha, e.g. `npm test -- --grep pasarela`.
import { spawn, spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { aprovisionarTodo } from '../aprovisionamiento';
import { ErrorEntorno } from '../errores';
import { RAIZ_REPO } from '../rutas';
import { ejecutarCli } from './ejecutar';

const NIVELES = ['unit', 'integration', 'e2e'];

/** The drills' report test opens the HTML in headless Chromium (Debian's package, installed if missing). */
function asegurarChromium(): void {
  const guion = path.join(RAIZ_REPO, 'packages', 'simulacros', 'scripts', 'asegurar-chromium.sh');
  const r = spawnSync('bash', [guion], { stdio: 'inherit' });
  if (r.status !== 0) throw new ErrorEntorno(`${guion} failed: the drills' report test needs Chromium`);
}

function mocha(args: string[]): Promise<number> {
  const bin = path.join(RAIZ_REPO, 'node_modules', 'mocha', 'bin', 'mocha.js');
  return new Promise<number>((resolve) => {
    const hijo = spawn(process.execPath, [bin, ...args, ...process.argv.slice(2)], {
      cwd: RAIZ_REPO,
      stdio: 'inherit',
    });
    hijo.on('exit', (c, s) => resolve(c ?? (s ? 1 : 0)));
  });
}

ejecutarCli(async () => {
  await aprovisionarTodo(); // progress of a cold provisioning shows here, before mocha's output
  asegurarChromium();
  const specs = NIVELES.flatMap((n) => [
    `packages/*/dist/test/${n}/**/*.test.js`,
    `services/*/dist/test/${n}/**/*.test.js`,
  ]);
  const fixture = path.join(__dirname, '..', 'pruebas', 'fixture-global.js');
  const codigo = await mocha(['--require', fixture, '--timeout', '60000', '--exit', ...specs]);
  if (codigo !== 0) process.exit(codigo);
  if (process.env.ALPES_SIN_CLUSTER === '1') {
    process.stderr.write('▸ ALPES_SIN_CLUSTER=1: the cluster suite was NOT run\n');
    process.exit(0);
  }
  const cluster = ['packages/*/dist/test/cluster/**/*.test.js'];
  process.exit(await mocha(['--timeout', '600000', '--exit', '--sort', ...cluster]));
});
