import { expect } from 'chai';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { daprd, generarTokensDapr, guardarTokensDapr, leerTokensDapr } from '../../src';

// Each local run's Dapr tokens: fresh, readable only by this user, and handed to daprd.

describe('tokens de Dapr del entorno local', () => {
  it('cada ejecución genera dos tokens aleatorios distintos', () => {
    const a = generarTokensDapr();
    const b = generarTokensDapr();
    for (const t of [a.app, a.dapr, b.app, b.dapr]) expect(t).to.match(/^[0-9a-f]{64}$/);
    expect(new Set([a.app, a.dapr, b.app, b.dapr]).size).to.equal(4);
  });

  it('el archivo queda con modo 600, también si ya existía con otro', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokens-dapr-'));
    fs.writeFileSync(path.join(dir, 'tokens-dapr.json'), '{}', { mode: 0o644 });
    const tokens = generarTokensDapr();
    const archivo = guardarTokensDapr(dir, tokens);
    expect(fs.statSync(archivo).mode & 0o777).to.equal(0o600);
    expect(leerTokensDapr(dir)).to.deep.equal(tokens);
    expect(leerTokensDapr(path.join(dir, 'otro'))).to.equal(undefined);
  });

  it('daprd llama a la app en el puerto del AppCallback y recibe ambos tokens en su entorno', () => {
    const tokens = generarTokensDapr();
    const d = daprd({ appId: 'pagos', appPuerto: 50061, tokens, grpc: 1, http: 2, interno: 3, metricas: 4 });
    expect(d.args[d.args.indexOf('--app-port') + 1]).to.equal('50061');
    expect(d.env).to.include({ APP_API_TOKEN: tokens.app, DAPR_API_TOKEN: tokens.dapr });
  });
});
