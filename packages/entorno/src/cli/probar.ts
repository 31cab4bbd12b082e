#!/usr/bin/env node
// `npm test` (after `npm run check`): every mocha suite of the repo, unit -> integration -> e2e,
// on the real runtime that the test harness starts on its own ports (see pruebas/). Extra
// arguments go to mocha, e.g. `npm test -- --grep pasarela`.
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

ejecutarCli(async () => {
  await aprovisionarTodo(); // progress of a cold provisioning shows here, before mocha's output
  asegurarChromium();
  const specs = NIVELES.flatMap((n) => [
    `packages/*/dist/test/${n}/**/*.test.js`,
    `services/*/dist/test/${n}/**/*.test.js`,
  ]);
  const mocha = path.join(RAIZ_REPO, 'node_modules', 'mocha', 'bin', 'mocha.js');
  const fixture = path.join(__dirname, '..', 'pruebas', 'fixture-global.js');
  const codigo = await new Promise<number>((resolve) => {
    const hijo = spawn(
      process.execPath,
      [mocha, '--require', fixture, '--timeout', '60000', '--exit', ...specs, ...process.argv.slice(2)],
      { cwd: RAIZ_REPO, stdio: 'inherit' },
    );
    hijo.on('exit', (c, s) => resolve(c ?? (s ? 1 : 0)));
  });
  process.exit(codigo);
});
