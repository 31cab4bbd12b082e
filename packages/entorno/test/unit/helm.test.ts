import { expect } from 'chai';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { aprovisionarHelm, rutaHelm } from '../../src/aprovisionamiento/helm';
import { RAIZ_REPO, rutas } from '../../src/rutas';

describe('aprovisionamiento de helm', () => {
  let herramientas: string;
  // process.env is special (values coerced to strings, seen by children): restore keys, not the object
  const original = { PATH: process.env.PATH, ALPES_HELM: process.env.ALPES_HELM };

  beforeEach(() => {
    herramientas = fs.mkdtempSync(path.join(os.tmpdir(), 'alpes-helm-'));
    delete process.env.ALPES_HELM;
  });

  afterEach(() => {
    for (const [clave, valor] of Object.entries(original)) {
      if (valor === undefined) delete process.env[clave];
      else process.env[clave] = valor;
    }
    fs.rmSync(herramientas, { recursive: true, force: true });
  });

  it('se guarda en <ALPES_ENTORNO_DIR o .entorno>/herramientas/helm-<versión>/helm, carpeta ignorada por git', () => {
    expect(rutaHelm('v3.22.0')).to.equal(path.join(rutas.herramientas, 'helm-v3.22.0', 'helm'));
    if (!process.env.ALPES_ENTORNO_DIR) {
      expect(rutaHelm('v3.22.0')).to.equal(
        path.join(RAIZ_REPO, '.entorno', 'herramientas', 'helm-v3.22.0', 'helm'),
      );
    }
    const ignorados = fs.readFileSync(path.join(RAIZ_REPO, '.gitignore'), 'utf8');
    expect(ignorados.split('\n')).to.include('.entorno/');
  });

  it('reutiliza el binario ya compilado sin llamar a Go', async () => {
    const ruta = rutaHelm('v9.9.9', herramientas);
    fs.mkdirSync(path.dirname(ruta), { recursive: true });
    fs.writeFileSync(ruta, '#!/bin/sh\n', { mode: 0o755 });
    process.env.PATH = '/nonexistent';
    expect(await aprovisionarHelm({ herramientas, version: 'v9.9.9' })).to.equal(ruta);
  });

  it('sin Go en el PATH falla diciendo qué instalar o cómo usar otro helm', async () => {
    process.env.PATH = '/nonexistent';
    const error = await aprovisionarHelm({ herramientas, version: 'v9.9.9' }).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message)
      .to.match(/'go' was not found on PATH/)
      .and.to.match(/Go >= 1\.26/)
      .and.to.match(/ALPES_HELM/);
    expect(fs.existsSync(rutaHelm('v9.9.9', herramientas))).to.be.false;
  });

  it('ALPES_HELM elige otro binario, y falla claro si no existe', async () => {
    process.env.ALPES_HELM = path.join(herramientas, 'no-existe');
    const error = await aprovisionarHelm({ herramientas }).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).to.match(/ALPES_HELM points to .*no-existe, which does not exist/);
  });
});
