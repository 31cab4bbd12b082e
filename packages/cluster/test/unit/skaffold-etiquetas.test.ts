import { expect } from 'chai';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { copiasDelDockerfile } from '../../src/skaffold/dockerfile';
import { crearDockerignore, leerPatrones } from '../../src/skaffold/dockerignore';
import { dependencias, etiquetaPorEntradas } from '../../src/skaffold/etiquetas';
import { carpetaTemporal, escribir, RAIZ } from './skaffold-apoyo';

const DOCKERFILE = [
  '# syntax=docker/dockerfile:1',
  'FROM base AS construccion',
  'ARG APP=app',
  'WORKDIR /w',
  'COPY package.json ./',
  'COPY ${APP}/ ${APP}/',
  'COPY --chown=1000 ["config/a b.json", "/etc/"]',
  'ADD https://example.com/x.tgz /tmp/',
  'FROM base',
  'COPY --from=construccion /w/dist /dist',
].join('\n');

function contexto(): string {
  const dir = carpetaTemporal('skaffold-contexto-');
  escribir(dir, {
    Dockerfile: DOCKERFILE,
    '.dockerignore': '**/node_modules\n**/dist\n*.md\n!app/LEEME.md\n',
    'package.json': '{}',
    'app/src/main.ts': 'export {};',
    'app/LEEME.md': 'kept by the ! pattern',
    'app/README.md': 'nested: *.md only matches at the root',
    'app/dist/main.js': 'compiled',
    'app/node_modules/x/index.js': 'dependency',
    'config/a b.json': '{}',
    'NOTAS.md': 'ignored',
    'otro/archivo.ts': 'not copied by the Dockerfile',
  });
  return dir;
}

const entrada = (dir: string, argumentos: Record<string, string> = {}, objetivo?: string) => ({
  contexto: dir,
  dockerfile: path.join(dir, 'Dockerfile'),
  argumentos,
  objetivo,
});

describe('.dockerignore as Docker reads it', () => {
  it('cleans patterns: comments and blanks out, trailing slash and leading slash dropped', () => {
    expect(leerPatrones('# c\n\n/dist/\n!  keep\n**/x\n')).to.deep.equal(['dist', '!keep', '**/x']);
  });

  it('matches paths and their parents; * stays within a directory; ** crosses; the last match wins', () => {
    const d = crearDockerignore('**/node_modules\n*.md\ncharts\n!charts/keep.yaml\n');
    expect(d.ignorado('node_modules/a/b.js')).to.be.true;
    expect(d.ignorado('packages/x/node_modules/y.js')).to.be.true;
    expect(d.ignorado('README.md')).to.be.true;
    expect(d.ignorado('docs/README.md')).to.be.false;
    expect(d.ignorado('charts/values.yaml')).to.be.true;
    expect(d.ignorado('charts/keep.yaml')).to.be.false;
    expect(d.saltarDirectorio('charts'), 'an exception lies inside').to.be.false;
    expect(d.saltarDirectorio('node_modules')).to.be.true;
  });
});

describe('the sources a Dockerfile copies', () => {
  it('COPY and ADD sources with ARG values expanded (build args first), --from and URLs left out', () => {
    const fuentes = (args: Record<string, string>) =>
      copiasDelDockerfile(DOCKERFILE, args, 'Dockerfile').flatMap((c) => c.fuentes);
    expect(fuentes({})).to.deep.equal(['package.json', 'app/', 'config/a b.json']);
    expect(fuentes({ APP: 'otra' })).to.deep.equal(['package.json', 'otra/', 'config/a b.json']);
  });

  it('refuses BuildKit-only syntax, since the legacy builder cannot build it', () => {
    expect(() => copiasDelDockerfile('FROM x\nRUN --mount=type=cache,target=/c true\n', {}, 'D')).to.throw(
      /BuildKit-only syntax \(RUN --mount\)/,
    );
    expect(() => copiasDelDockerfile('FROM x\nCOPY --link a b\n', {}, 'D')).to.throw(/COPY --link/);
    expect(() => copiasDelDockerfile('FROM x\nRUN <<EOF\necho hi\nEOF\n', {}, 'D')).to.throw(/heredoc/);
  });

  it('the services’ Dockerfile is read whole for each service: no BuildKit-only syntax, and the sources it copies', () => {
    const dockerfile = path.join(RAIZ, 'services', 'Dockerfile');
    for (const servicio of ['pagos', 'liquidacion', 'pasarela-simulada']) {
      const argumentos = { SERVICIO: servicio };
      const fuentes = copiasDelDockerfile(
        fs.readFileSync(dockerfile, 'utf8'),
        argumentos,
        dockerfile,
      ).flatMap((c) => c.fuentes);
      expect(fuentes).to.include.members(['package.json', 'package-lock.json', `services/${servicio}/`]);
    }
  });
});

describe('the inputDigest tag', function () {
  this.timeout(30_000); // reading the build contexts of a busy 2-core machine
  it('hashes the Dockerfile and the non-ignored files under the copied sources, nothing else', () => {
    const dir = contexto();
    expect(dependencias(entrada(dir))).to.deep.equal([
      'Dockerfile',
      'app/LEEME.md',
      'app/README.md',
      'app/src/main.ts',
      'config/a b.json',
      'package.json',
    ]);
  });

  it('is skaffold’s formula: sha256 of the JSON list of md5(relative path + contents), in path order', () => {
    const dir = carpetaTemporal('skaffold-formula-');
    escribir(dir, { Dockerfile: 'FROM x\nCOPY a.txt /\n', 'a.txt': 'hola' });
    const md5 = (t: string) => createHash('md5').update(t).digest('hex');
    const esperado = createHash('sha256')
      .update(`${JSON.stringify([md5('Dockerfile' + 'FROM x\nCOPY a.txt /\n'), md5('a.txt' + 'hola')])}\n`)
      .digest('hex');
    expect(etiquetaPorEntradas(entrada(dir)).etiqueta)
      .to.equal(esperado)
      .and.to.match(/^[0-9a-f]{64}$/);
  });

  it('changes when a copied source or the Dockerfile changes', () => {
    const dir = contexto();
    const antes = etiquetaPorEntradas(entrada(dir)).etiqueta;
    fs.appendFileSync(path.join(dir, 'app/src/main.ts'), '\n// edited');
    const despues = etiquetaPorEntradas(entrada(dir)).etiqueta;
    expect(despues).to.not.equal(antes);
    fs.appendFileSync(path.join(dir, 'Dockerfile'), '\nENV X=1');
    expect(etiquetaPorEntradas(entrada(dir)).etiqueta).to.not.equal(despues);
  });

  it('does not change when an ignored file or a file the Dockerfile does not copy changes', () => {
    const dir = contexto();
    const antes = etiquetaPorEntradas(entrada(dir)).etiqueta;
    fs.writeFileSync(path.join(dir, 'app/dist/main.js'), 'recompiled');
    fs.writeFileSync(path.join(dir, 'app/node_modules/x/index.js'), 'upgraded');
    fs.writeFileSync(path.join(dir, 'NOTAS.md'), 'edited');
    fs.writeFileSync(path.join(dir, 'otro/archivo.ts'), 'edited');
    fs.writeFileSync(path.join(dir, 'app/dist/nuevo.js'), 'new but ignored');
    expect(etiquetaPorEntradas(entrada(dir)).etiqueta).to.equal(antes);
  });

  it('changes with the build args and the target (the tag is the image cache key here)', () => {
    const dir = contexto();
    const base = etiquetaPorEntradas(entrada(dir)).etiqueta;
    expect(etiquetaPorEntradas(entrada(dir, { X: '1' })).etiqueta).to.not.equal(base);
    expect(etiquetaPorEntradas(entrada(dir, { X: '1' })).etiqueta).to.not.equal(
      etiquetaPorEntradas(entrada(dir, { X: '2' })).etiqueta,
    );
    expect(etiquetaPorEntradas(entrada(dir, {}, 'construccion')).etiqueta).to.not.equal(base);
  });

  it('expands glob sources and fails on a source that matches nothing', () => {
    const dir = carpetaTemporal('skaffold-glob-');
    escribir(dir, { Dockerfile: 'FROM x\nCOPY src/*.ts /app/\n', 'src/a.ts': '', 'src/b.js': '' });
    expect(dependencias(entrada(dir))).to.deep.equal(['Dockerfile', 'src/a.ts']);
    escribir(dir, { Dockerfile: 'FROM x\nCOPY falta.txt /app/\n' });
    expect(() => dependencias(entrada(dir))).to.throw(/must match at least one file/);
  });

  it('on the repository: pagos’s sources count, its tests, dist, node_modules, charts and docs do not', () => {
    const archivos = dependencias({
      contexto: RAIZ,
      dockerfile: path.join(RAIZ, 'services/Dockerfile'),
      argumentos: { SERVICIO: 'pagos', PUERTOS: '50051 9091' },
    });
    expect(archivos).to.include.members(['services/Dockerfile', 'package-lock.json', 'tsconfig.base.json']);
    expect(archivos.some((a) => a.startsWith('services/pagos/src/'))).to.be.true;
    expect(archivos.some((a) => a.startsWith('packages/seedwork/src/'))).to.be.true;
    const fuera = archivos.filter((a) =>
      /(^|\/)(test|dist|node_modules)\/|^charts\/|^services\/liquidacion\/|\.tsbuildinfo$|^[^/]+\.md$/.test(
        a,
      ),
    );
    expect(fuera).to.deep.equal([]);
  });
});
