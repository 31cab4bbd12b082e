import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { interpretarSkaffold, leerSkaffold } from '../../src/skaffold/leer';
import { carpetaEsquemas } from '../../src/skaffold/validar';
import { RAIZ, textoRepo, variante } from './skaffold-apoyo';

const falla = (texto: string) => {
  try {
    interpretarSkaffold(texto);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('it was accepted');
};

describe('skaffold.yaml against skaffold’s schema', function () {
  this.timeout(30_000); // reading the build contexts of a busy 2-core machine
  it('the committed schema is byte-identical to ../shared’s (when ../shared is there)', function () {
    const compartida = path.resolve(RAIZ, '..', 'shared', 'schemas', 'skaffold');
    if (!fs.existsSync(compartida)) {
      console.log(
        `      (skipped: ${compartida} is absent, as in a user's clone; the committed copy is used as is)`,
      );
      this.skip();
    }
    const copias = fs.readdirSync(carpetaEsquemas()).filter((f) => f.endsWith('.json'));
    expect(copias).to.include('v4beta11.json');
    for (const archivo of copias) {
      const nuestra = fs.readFileSync(path.join(carpetaEsquemas(), archivo));
      const suya = fs.readFileSync(path.join(compartida, archivo));
      expect(nuestra.equals(suya), `${archivo} differs from ${compartida}/${archivo}`).to.be.true;
    }
  });

  it('the schema used is the one for the file’s apiVersion, and the repository’s skaffold.yaml passes it', () => {
    expect(parse(textoRepo()).apiVersion).to.equal('skaffold/v4beta11');
    const config = leerSkaffold(RAIZ);
    expect(config.kind).to.equal('Config');
  });

  it('an unknown field inside an artifact fails naming its path (and the field meant)', () => {
    const mensaje = falla(variante((c) => (c.build.artifacts[0].docker.dockerfil = 'x')));
    expect(mensaje).to.include('unknown field "build.artifacts[0].docker.dockerfil"');
    expect(mensaje).to.include('did you mean "dockerfile"');
  });

  it('an unknown top-level field fails naming it', () => {
    expect(falla(variante((c) => (c.foo = 1)))).to.include('unknown field "foo"');
  });

  it('an unknown field inside a profile fails too, even when that profile is not applied', () => {
    const mensaje = falla(variante((c) => (c.profiles[0].build.local.pusj = true)));
    expect(mensaje).to.include('unknown field "profiles[0].build.local.pusj"');
  });

  it('a field of the wrong type fails naming its path', () => {
    const mensaje = falla(variante((c) => (c.deploy.statusCheckDeadlineSeconds = 'ten minutes')));
    expect(mensaje).to.match(/deploy\.statusCheckDeadlineSeconds: must be integer/);
  });

  it('two builders in one artifact are refused by the schema', () => {
    const mensaje = falla(variante((c) => (c.build.artifacts[0].jib = {})));
    expect(mensaje).to.include('build.artifacts[0]: docker, jib cannot be used together');
  });

  it('an apiVersion without a committed schema is refused, naming the ones there are', () => {
    const mensaje = falla(variante((c) => (c.apiVersion = 'skaffold/v2beta29')));
    expect(mensaje).to.include('skaffold/v2beta29').and.to.include('skaffold/v4beta11');
  });

  it('duplicate keys are refused, and several documents are not emulated', () => {
    expect(falla(`${textoRepo()}\nkind: Config\n`)).to.match(/not valid YAML/);
    expect(falla(`${textoRepo()}\n---\n${textoRepo()}`)).to.include('does not emulate');
  });
});
