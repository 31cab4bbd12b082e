import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { aprovisionarGrpcurl, RAIZ_REPO } from '@alpes/entorno';
import { SistemaDePrueba, sistemaDePrueba } from '../../src';

// The README's grpcurl examples, run as written against the test system (only the ports move:
// the test runtime listens on the default ports + an offset).

function ejemplosDelReadme(): string {
  const readme = fs.readFileSync(path.join(RAIZ_REPO, 'README.md'), 'utf8');
  const bloque = /<!-- ejemplos-grpcurl -->\s*```sh\n([\s\S]*?)```/.exec(readme);
  if (!bloque) throw new Error('README.md has no ```sh block after <!-- ejemplos-grpcurl -->');
  return bloque[1]!;
}

describe('ejemplos grpcurl del README (e2e)', function () {
  this.timeout(300_000);
  let s: SistemaDePrueba;
  let grpcurl: string;

  before(async () => {
    grpcurl = await aprovisionarGrpcurl();
    s = await sistemaDePrueba();
  });

  it('funcionan tal como están escritos', () => {
    const p = s.entorno.puertos;
    const guion = ejemplosDelReadme()
      .replace(/127\.0\.0\.1:50051/g, `127.0.0.1:${p.pagosGrpc}`)
      .replace(/127\.0\.0\.1:50052/g, `127.0.0.1:${p.liquidacionGrpc}`)
      .replace(/\/tmp\/pago\.json/g, path.join(s.entorno.dir, 'pago-readme.json'));
    const r = spawnSync('bash', ['-e', '-o', 'pipefail', '-c', guion], {
      encoding: 'utf8',
      timeout: 60_000,
      cwd: RAIZ_REPO, // `npm run -s credencial` prints the token the test system accepts
      env: { ...process.env, PATH: `${path.dirname(grpcurl)}:${process.env.PATH}` },
    });
    const salida = `${r.stdout}\n${r.stderr}`;
    expect(r.status, salida).to.equal(0);
    expect(salida).to.include('alpespartners.pagos.v1.PagosService');
    expect(salida).to.include('"status": "SERVING"');
    expect(salida).to.include('ESTADO_PAGO_SOLICITADO');
    expect(salida).to.include('ESTADO_PAGO_PAGADO');
    expect(salida).to.include('ESTADO_LIQUIDACION_EXITOSA');
    expect(salida).to.match(/Code: InvalidArgument[\s\S]*monto\.moneda/);
    expect(salida).to.match(/Code: Unauthenticated/);
    // the BadRequest detail is decoded through reflection (google.rpc.BadRequest is in the descriptor set)
    expect(salida).to.match(/"fieldViolations"[\s\S]*"field": "monto\.moneda"/);
  });
});
