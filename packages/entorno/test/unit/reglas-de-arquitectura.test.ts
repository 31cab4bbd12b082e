import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RAIZ_REPO } from '../../src';

// The architecture rules (.dependency-cruiser.js) must catch what they forbid: run them on a small
// tree that breaks each rule once, and on one that breaks none.

function arbol(archivos: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reglas-'));
  for (const [ruta, texto] of Object.entries(archivos)) {
    fs.mkdirSync(path.dirname(path.join(dir, ruta)), { recursive: true });
    fs.writeFileSync(path.join(dir, ruta), texto);
  }
  fs.writeFileSync(path.join(dir, 'tsconfig.base.json'), '{"compilerOptions":{"module":"Node16"}}');
  return dir;
}

function cruzar(dir: string, carpetas = ['services']): { codigo: number; salida: string } {
  const depcruise = path.join(RAIZ_REPO, 'node_modules', '.bin', 'depcruise');
  const r = spawnSync(depcruise, [...carpetas, '--config', path.join(RAIZ_REPO, '.dependency-cruiser.js')], {
    cwd: dir,
    encoding: 'utf8',
  });
  return { codigo: r.status ?? 1, salida: `${r.stdout}${r.stderr}` };
}

describe('reglas de arquitectura (dependency-cruiser)', function () {
  this.timeout(60_000);

  it('rechazan un dominio que importa infraestructura, una capa de aplicación que importa api y un servicio que importa otro', () => {
    const dir = arbol({
      'services/a/src/dominio/pago.ts': "import { x } from '../infraestructura/repo';\nexport const p = x;\n",
      'services/a/src/infraestructura/repo.ts': 'export const x = 1;\n',
      'services/a/src/api/grpc.ts': 'export const g = 1;\n',
      'services/a/src/aplicacion/comando.ts': "import { g } from '../api/grpc';\nexport const c = g;\n",
      'services/b/src/main.ts':
        "import { x } from '../../a/src/infraestructura/repo';\nexport const m = x;\n",
      // a workspace package resolves into its dist/: only seedwork's dominio is allowed there
      'packages/seedwork/dist/src/index.js': 'exports.knex = 1;\n',
      'services/b/src/dominio/pago.ts':
        "import { knex } from '../../../../packages/seedwork/dist/src/index';\nexport const k = knex;\n",
      // seedwork's root barrel from a service's aplicacion: only its dominio/aplicacion entries
      'services/b/src/aplicacion/comando.ts':
        "import { knex } from '../../../../packages/seedwork/dist/src/index';\nexport const c = knex;\n",
    });
    const { codigo, salida } = cruzar(dir);
    expect(codigo).to.not.equal(0);
    expect(salida).to.include('dominio-puro');
    expect(salida).to.include('aplicacion-sin-infraestructura');
    expect(salida).to.include('servicios-aislados');
    expect(salida).to.match(
      /aplicacion-solo-seedwork-interno: services\/b\/src\/aplicacion\/comando\.ts → packages\/seedwork\/dist\/src\/index\.js/,
    );
    expect(salida).to.match(
      /dominio-sin-tipos-externos: services\/b\/src\/dominio\/pago\.ts → packages\/seedwork\/dist\/src\/index\.js/,
    );
  });

  it('rechazan una capa de aplicación que hace spans de OpenTelemetry (las trazas son de los bordes)', () => {
    const dir = arbol({
      'node_modules/@opentelemetry/api/package.json': '{"name":"@opentelemetry/api","main":"index.js"}',
      'node_modules/@opentelemetry/api/index.js': 'exports.trace = {};\n',
      'services/a/src/aplicacion/comando.ts':
        "import { trace } from '@opentelemetry/api';\nexport const c = trace;\n",
    });
    const { codigo, salida } = cruzar(dir);
    expect(codigo, salida).to.not.equal(0);
    expect(salida).to.match(
      /aplicacion-sin-infraestructura: services\/a\/src\/aplicacion\/comando\.ts → node_modules\/@opentelemetry\/api\/index\.js/,
    );
  });

  it('aceptan capas que apuntan hacia dentro', () => {
    const dir = arbol({
      'services/a/src/dominio/pago.ts': 'export const p = 1;\n',
      'services/a/src/aplicacion/comando.ts': "import { p } from '../dominio/pago';\nexport const c = p;\n",
      'services/a/src/infraestructura/repo.ts':
        "import { c } from '../aplicacion/comando';\nexport const x = c;\n",
      'packages/seedwork/dist/src/dominio/index.js': 'exports.RaizAgregado = 1;\n',
      'services/a/src/dominio/raiz.ts':
        "import { RaizAgregado } from '../../../../packages/seedwork/dist/src/dominio/index';\nexport const r = RaizAgregado;\n",
      'packages/seedwork/dist/src/aplicacion/index.js': 'exports.reintentarSiConcurrencia = 1;\n',
      'services/a/src/aplicacion/reintento.ts':
        "import { reintentarSiConcurrencia } from '../../../../packages/seedwork/dist/src/aplicacion/index';\nexport const r = reintentarSiConcurrencia;\n",
    });
    const { codigo, salida } = cruzar(dir);
    expect(codigo, salida).to.equal(0);
  });

  /** Three workspaces: a depends on b, and on c for its tests only. */
  const espacios = {
    'package.json': JSON.stringify({ workspaces: ['packages/a', 'packages/b', 'packages/c'] }),
    'packages/a/package.json': JSON.stringify({
      name: '@x/a',
      main: 'dist/src/index.js',
      dependencies: { '@x/b': '*' },
      devDependencies: { '@x/c': '*' },
    }),
    'packages/b/package.json': JSON.stringify({ name: '@x/b', main: 'dist/src/index.js' }),
    'packages/c/package.json': JSON.stringify({ name: '@x/c', main: 'dist/src/index.js' }),
    'packages/b/dist/src/index.js': 'exports.b = 1;\n',
    'packages/b/dist/src/interno.js': 'exports.i = 1;\n',
    'packages/c/dist/src/index.js': 'exports.c = 1;\n',
  };

  it('rechazan un archivo del dist/ de otro paquete fuera de sus entradas, un paquete no declarado y uno de desarrollo desde src/', () => {
    const dir = arbol({
      ...espacios,
      'packages/a/src/profundo.ts': "import { i } from '../../b/dist/src/interno';\nexport const p = i;\n",
      'packages/a/src/desarrollo.ts': "import { c } from '../../c/dist/src/index';\nexport const d = c;\n",
      'packages/b/src/no-declarado.ts': "import { c } from '../../c/dist/src/index';\nexport const n = c;\n",
    });
    const { codigo, salida } = cruzar(dir, ['packages']);
    expect(codigo).to.not.equal(0);
    expect(salida).to.match(
      /sin-dist-profundo: packages\/a\/src\/profundo\.ts → packages\/b\/dist\/src\/interno\.js/,
    );
    expect(salida).to.match(/workspace-solo-de-desarrollo: packages\/a\/src\/desarrollo\.ts → packages\/c\//);
    expect(salida).to.match(/workspace-no-declarado: packages\/b\/src\/no-declarado\.ts → packages\/c\//);
  });

  it('aceptan las entradas de los paquetes declarados, los de desarrollo desde test/ y el dist/ propio', () => {
    const dir = arbol({
      ...espacios,
      'packages/a/dist/src/main.js': 'exports.m = 1;\n',
      'packages/a/bin/a.js': "require('../dist/src/main.js');\n",
      'packages/a/src/uso.ts': "import { b } from '../../b/dist/src/index';\nexport const u = b;\n",
      'packages/a/test/uso.test.ts': "import { c } from '../../c/dist/src/index';\nexport const t = c;\n",
    });
    const { codigo, salida } = cruzar(dir, ['packages']);
    expect(codigo, salida).to.equal(0);
  });
});
