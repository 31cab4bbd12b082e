// `npm run -s credencial`: the script as scripts call it (its stdout is only the token).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expect } from 'chai';
import { TODOS_LOS_PERMISOS } from '@alpes/contratos';
import { AUDIENCIA_LOCAL, crearVerificadorTokens, EMISOR_LOCAL } from '@alpes/seedwork';

const SCRIPT = path.resolve(__dirname, '../../src/cli/credencial.js');

describe('npm run -s credencial', () => {
  let dir: string;
  const ejecutar = (...args: string[]) =>
    spawnSync(process.execPath, [SCRIPT, ...args], {
      encoding: 'utf8',
      env: { ...process.env, ALPES_CREDENCIAL_DIR: dir, ALPES_TOKEN: '' },
    });
  const verificar = async (token: string) =>
    (
      await crearVerificadorTokens({
        jwks: path.join(dir, 'jwks.json'),
        emisor: EMISOR_LOCAL,
        audiencia: AUDIENCIA_LOCAL,
      })
    ).verificar(token);

  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alpes-credencial-cli-'))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('imprime solo un token válido contra el JWKS local, con todos los permisos', async () => {
    const r = ejecutar();
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stdout.trim().split('\n')).to.have.length(1);
    expect([...(await verificar(r.stdout.trim())).permisos]).to.have.members([...TODOS_LOS_PERMISOS]);
  });

  it('--permisos lo restringe a los nombrados', async () => {
    const r = ejecutar('--permisos', 'pagos:leer,liquidaciones:leer');
    expect(r.status, r.stderr).to.equal(0);
    expect([...(await verificar(r.stdout.trim())).permisos]).to.have.members([
      'pagos:leer',
      'liquidaciones:leer',
    ]);
  });

  it('un permiso desconocido falla sin token, listando los válidos', () => {
    const r = ejecutar('--permisos', 'pagos:leer,pagos:borrar');
    expect(r.status).to.equal(1);
    expect(r.stdout).to.equal('');
    expect(r.stderr).to.include('pagos:borrar');
    for (const p of TODOS_LOS_PERMISOS) expect(r.stderr).to.include(p);
  });
});
