// What both services promise at start, written once as a mocha suite that each service's tests call
// with its compiled src/: secure by default, no default credentials. Without its database URLs or
// Dapr's tokens the process refuses to start, naming what is missing. node:assert, so that this test
// entry needs no assertion library in seedwork's dependencies.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

/** Runs a compiled entry file with only PATH and `entorno` in its environment. */
export function ejecutarSoloCon(
  archivo: string,
  entorno: Record<string, string> = {},
): { codigo: number | null; stderr: string } {
  const r = spawnSync(process.execPath, [archivo], {
    env: { PATH: process.env.PATH, ...entorno },
    encoding: 'utf8',
    timeout: 20_000,
  });
  return { codigo: r.status, stderr: r.stderr };
}

/** The suites "<servicio> does not start without its configuration"; `src` holds its main.js and migrar.js. */
export function probarArranqueSinConfiguracion(servicio: string, src: string): void {
  const main = path.join(src, 'main.js');

  describe(`arranque de ${servicio} sin URLs de base de datos`, () => {
    it('el servicio no arranca (código 2) y nombra URL_BASE_DATOS y URL_BASE_DATOS_MIGRACION', () => {
      const r = ejecutarSoloCon(main);
      assert.equal(r.codigo, 2, r.stderr);
      assert.match(r.stderr, /URL_BASE_DATOS no está definida/);
      assert.match(r.stderr, /URL_BASE_DATOS_MIGRACION no está definida/);
    });

    it('la migración no corre (código 1) y nombra URL_BASE_DATOS_MIGRACION', () => {
      const r = ejecutarSoloCon(path.join(src, 'migrar.js'));
      assert.equal(r.codigo, 1, r.stderr);
      assert.match(r.stderr, /URL_BASE_DATOS_MIGRACION no está definida/);
      assert.doesNotMatch(r.stderr, /ECONNREFUSED/);
    });
  });

  describe(`arranque de ${servicio} sin tokens de Dapr`, () => {
    it('sin APP_API_TOKEN no arranca (código 2) y el error nombra la variable', () => {
      const r = ejecutarSoloCon(main, {
        URL_BASE_DATOS: `postgres://nadie@127.0.0.1:1/${servicio}`,
        DAPR_API_TOKEN: 'token-dapr-de-prueba-0123456789',
      });
      assert.equal(r.codigo, 2, r.stderr);
      assert.match(r.stderr, /APP_API_TOKEN no está definida/);
    });
  });
}
