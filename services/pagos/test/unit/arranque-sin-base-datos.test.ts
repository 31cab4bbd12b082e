// No default database credentials: without its URLs the process stops at start naming each variable.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { expect } from 'chai';

const DIST = path.resolve(__dirname, '../../src');

/** Runs `archivo` with only PATH in its environment. */
function ejecutarSinEntorno(archivo: string) {
  return spawnSync(process.execPath, [path.join(DIST, archivo)], {
    env: { PATH: process.env.PATH },
    encoding: 'utf8',
    timeout: 20_000,
  });
}

describe('arranque de pagos sin URLs de base de datos', () => {
  it('el servicio no arranca (código 2) y nombra URL_BASE_DATOS y URL_BASE_DATOS_MIGRACION', () => {
    const r = ejecutarSinEntorno('main.js');
    expect(r.status).to.equal(2);
    expect(r.stderr).to.match(/URL_BASE_DATOS no está definida/);
    expect(r.stderr).to.match(/URL_BASE_DATOS_MIGRACION no está definida/);
  });

  it('la migración no corre (código 1) y nombra URL_BASE_DATOS_MIGRACION', () => {
    const r = ejecutarSinEntorno('migrar.js');
    expect(r.status).to.equal(1);
    expect(r.stderr).to.match(/URL_BASE_DATOS_MIGRACION no está definida/);
    expect(r.stderr).to.not.match(/ECONNREFUSED/);
  });
});
