import { expect } from 'chai';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { RAIZ_REPO } from '@alpes/entorno';
import {
  BUSYBOX,
  DEBIAN,
  DIR_RECETAS,
  IMAGENES_SUSTITUTAS,
  POSTGRES,
  PULSAR,
} from '../../src/imagenes/catalogo';
import { huellaReceta } from '../../src/imagenes/huella';
import { autoridadesLocales } from '../../src/imagenes/insumos';

// The stand-ins must sit under exactly the references the project uses, and each must be built
// after what it is built FROM; a change to a recipe must change its fingerprint (that rebuilds it).

const sustitutas = new Set([DEBIAN, ...IMAGENES_SUSTITUTAS.map((i) => i.referencia)]);

/** The FROM images of a Dockerfile that are not its own stages (nor scratch). */
function basesDe(dockerfile: string): string[] {
  const etapas = new Set<string>();
  const bases: string[] = [];
  for (const m of dockerfile.matchAll(/^FROM\s+(\S+)(?:\s+AS\s+(\S+))?/gim)) {
    const [, imagen = '', etapa] = m;
    if (imagen !== 'scratch' && !etapas.has(imagen)) bases.push(imagen);
    if (etapa) etapas.add(etapa);
  }
  return [...new Set(bases)];
}

describe('imágenes sustitutas', () => {
  it('cubren cada imagen base del Dockerfile de los servicios', () => {
    const usadas = basesDe(fs.readFileSync(path.join(RAIZ_REPO, 'services', 'Dockerfile'), 'utf8'));
    expect(usadas).to.not.be.empty;
    for (const imagen of usadas) expect(sustitutas, imagen).to.include(imagen);
  });

  it('cubren el Pulsar y el Postgres de los valores dev del chart', () => {
    const valores = parse(fs.readFileSync(path.join(RAIZ_REPO, 'charts/alpes-pagos/values.yaml'), 'utf8'));
    expect(valores.pulsar.dev.imagen).to.equal(PULSAR);
    expect(valores.baseDatos.dev.imagen).to.equal(POSTGRES);
  });

  it('cubren la imagen de depuración de nodos de los simulacros', () => {
    const k8s = fs.readFileSync(path.join(RAIZ_REPO, 'packages/simulacros/src/objetivos/k8s.ts'), 'utf8');
    expect(k8s.match(/imagenDepuracion: '([^']+)'/)?.[1]).to.equal(BUSYBOX);
  });

  it('se construyen después de las imágenes locales de las que parten', () => {
    const antes = new Set([DEBIAN]);
    for (const imagen of IMAGENES_SUSTITUTAS) {
      const dockerfile = fs.readFileSync(path.join(DIR_RECETAS, imagen.carpeta, 'Dockerfile'), 'utf8');
      expect(basesDe(dockerfile).sort(), imagen.referencia).to.deep.equal([...imagen.bases].sort());
      for (const base of imagen.bases) expect(antes, `${imagen.referencia} FROM ${base}`).to.include(base);
      antes.add(imagen.referencia);
    }
  });

  describe('huella de la receta', () => {
    const carpeta = fs.mkdtempSync(path.join(os.tmpdir(), 'receta-'));
    after(() => fs.rmSync(carpeta, { recursive: true, force: true }));
    const escribir = (nombre: string, texto: string, modo = 0o644) => {
      fs.writeFileSync(path.join(carpeta, nombre), texto);
      fs.chmodSync(path.join(carpeta, nombre), modo);
    };

    it('es estable y cambia con el contenido, el bit de ejecución, los insumos y las bases', () => {
      escribir('Dockerfile', 'FROM debian:bookworm-slim\n');
      escribir('entrada.sh', 'echo hola\n');
      const inicial = huellaReceta(carpeta, ['node@1', 'debian=sha256:a']);
      expect(huellaReceta(carpeta, ['node@1', 'debian=sha256:a'])).to.equal(inicial);
      expect(huellaReceta(carpeta, ['node@2', 'debian=sha256:a'])).to.not.equal(inicial);
      expect(huellaReceta(carpeta, ['node@1', 'debian=sha256:b'])).to.not.equal(inicial);
      escribir('entrada.sh', 'echo hola\n', 0o755);
      const ejecutable = huellaReceta(carpeta, ['node@1', 'debian=sha256:a']);
      expect(ejecutable).to.not.equal(inicial);
      escribir('entrada.sh', 'echo adios\n', 0o755);
      expect(huellaReceta(carpeta, ['node@1', 'debian=sha256:a'])).to.not.equal(ejecutable);
    });
  });

  it('sin autoridades locales en el anfitrión la imagen de node no lleva ninguna', () => {
    const vacia = fs.mkdtempSync(path.join(os.tmpdir(), 'ca-'));
    try {
      expect(autoridadesLocales(vacia)).to.deep.equal({ archivos: [], huella: 'ninguna' });
      expect(autoridadesLocales(path.join(vacia, 'no-existe')).huella).to.equal('ninguna');
      fs.writeFileSync(path.join(vacia, 'proxy.crt'), 'certificado');
      fs.writeFileSync(path.join(vacia, 'leeme.txt'), 'no es una CA');
      const { archivos, huella } = autoridadesLocales(vacia);
      expect(archivos.map((a) => path.basename(a))).to.deep.equal(['proxy.crt']);
      expect(huella).to.match(/^[0-9a-f]{16}$/);
    } finally {
      fs.rmSync(vacia, { recursive: true, force: true });
    }
  });
});
