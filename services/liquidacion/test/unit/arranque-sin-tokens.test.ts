// Secure by default: without Dapr's tokens the process refuses to start, naming what is missing.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { expect } from 'chai';

const MAIN = path.resolve(__dirname, '../../src/main.js');

describe('arranque de liquidacion sin tokens de Dapr', () => {
  it('sin APP_API_TOKEN no arranca (código 2) y el error nombra la variable', () => {
    const r = spawnSync(process.execPath, [MAIN], {
      env: {
        PATH: process.env.PATH,
        URL_BASE_DATOS: 'postgres://nadie@127.0.0.1:1/liquidacion',
        DAPR_API_TOKEN: 'token-dapr-de-prueba-0123456789',
      },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(r.status).to.equal(2);
    expect(r.stderr).to.match(/APP_API_TOKEN no está definida/);
  });
});
