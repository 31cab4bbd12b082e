import { expect } from 'chai';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  asegurarClavesLocales,
  emitirTokenLocal,
  existeCredencialLocal,
  proveedorTokenLocal,
} from '../../src';

describe('credencial local de desarrollo', () => {
  let dir: string;
  beforeEach(() => (dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'alpes-cred-')), 'credencial')));
  afterEach(() => fs.rmSync(path.dirname(dir), { recursive: true, force: true }));

  it('crea el par de claves una vez, con la privada legible solo por su dueño, y lo reutiliza', () => {
    const primera = asegurarClavesLocales(dir);
    const privada = fs.readFileSync(primera.rutaClavePrivada, 'utf8');
    expect(fs.statSync(primera.rutaClavePrivada).mode & 0o777).to.equal(0o600);
    asegurarClavesLocales(dir);
    expect(fs.readFileSync(primera.rutaClavePrivada, 'utf8')).to.equal(privada);
    const jwks = JSON.parse(fs.readFileSync(primera.rutaJwks, 'utf8')) as { keys: Record<string, string>[] };
    expect(jwks.keys).to.have.length(1);
    expect(jwks.keys[0]).to.include({ kty: 'EC', crv: 'P-256', alg: 'ES256' });
    expect(jwks.keys[0]).to.not.have.property('d'); // the public JWKS never carries the private key
  });

  it('sin credencial local no se emite token y el proveedor no envía ninguno', async () => {
    expect(existeCredencialLocal(dir)).to.equal(false);
    let error: Error | undefined;
    await emitirTokenLocal({ permisos: ['pagos:leer'] }, dir).catch((e: Error) => (error = e));
    expect(error?.message).to.match(/npm start/);
    expect(await proveedorTokenLocal({ dir, env: {} })()).to.equal(undefined);
  });

  it('ALPES_TOKEN manda sobre la credencial local; el token local se reutiliza mientras dure', async () => {
    asegurarClavesLocales(dir);
    expect(await proveedorTokenLocal({ dir, env: { ALPES_TOKEN: 'fijo' } })()).to.equal('fijo');
    const proveedor = proveedorTokenLocal({ dir, env: {} });
    const primero = await proveedor();
    expect(primero).to.match(/^ey/);
    expect(await proveedor()).to.equal(primero);
  });
});
