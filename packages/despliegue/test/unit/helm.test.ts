import { expect } from 'chai';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { asegurarHelm, rutaHelm } from '../../src/helm';
import { raizRepositorio } from '../../src/raiz';

describe('aprovisionamiento de helm', () => {
  let raiz: string;
  // process.env is special (values coerced to strings, seen by children): restore keys, not the object
  const original = { PATH: process.env.PATH, ALPES_HELM: process.env.ALPES_HELM };

  beforeEach(() => {
    raiz = fs.mkdtempSync(path.join(os.tmpdir(), 'alpes-helm-'));
    delete process.env.ALPES_HELM;
  });

  afterEach(() => {
    for (const [clave, valor] of Object.entries(original)) {
      if (valor === undefined) delete process.env[clave];
      else process.env[clave] = valor;
    }
    fs.rmSync(raiz, { recursive: true, force: true });
  });

  it('se guarda en .entorno/herramientas/helm-<versión>/helm, carpeta ignorada por git', () => {
    expect(rutaHelm(raiz, 'v3.22.0')).to.equal(
      path.join(raiz, '.entorno', 'herramientas', 'helm-v3.22.0', 'helm'),
    );
    const ignorados = fs.readFileSync(path.join(raizRepositorio(), '.gitignore'), 'utf8');
    expect(ignorados.split('\n')).to.include('.entorno/');
  });

  it('reutiliza el binario ya compilado sin llamar a Go', async () => {
    const ruta = rutaHelm(raiz, 'v9.9.9');
    fs.mkdirSync(path.dirname(ruta), { recursive: true });
    fs.writeFileSync(ruta, '#!/bin/sh\n', { mode: 0o755 });
    process.env.PATH = '/nonexistent';
    expect(await asegurarHelm({ raiz, version: 'v9.9.9', progreso: () => {} })).to.equal(ruta);
  });

  it('sin Go en el PATH falla diciendo qué instalar o cómo usar otro helm', async () => {
    process.env.PATH = '/nonexistent';
    const mensajes: string[] = [];
    const error = await asegurarHelm({ raiz, version: 'v9.9.9', progreso: (m) => mensajes.push(m) }).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message)
      .to.match(/No encuentro Go/)
      .and.to.match(/Instala Go/)
      .and.to.match(/ALPES_HELM/);
    expect(fs.existsSync(rutaHelm(raiz, 'v9.9.9'))).to.be.false;
  });

  it('ALPES_HELM elige otro binario, y falla claro si no existe', async () => {
    process.env.ALPES_HELM = path.join(raiz, 'no-existe');
    const error = await asegurarHelm({ raiz }).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).to.match(/ALPES_HELM apunta a .*no-existe, que no existe/);
  });
});
