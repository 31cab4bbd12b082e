import { expect } from 'chai';
import { aplicarPerfiles, igualRegex, perfilesActivados } from '../../src/skaffold/perfiles';
import { interpretarSkaffold, leerSkaffold } from '../../src/skaffold/leer';
import { planificar } from '../../src/skaffold/plan';
import type { ConfigSkaffold } from '../../src/skaffold/tipos';
import { RAIZ, variante } from './skaffold-apoyo';

const repo = () => leerSkaffold(RAIZ);
const opciones = (contexto: string, nombrados: string[] = [], entorno = {}) => ({
  nombrados,
  contexto,
  entorno,
});

/** A minimal valid config with the given profiles (the schema checks them too). */
function conPerfiles(perfiles: object[], extra: object = {}): ConfigSkaffold {
  return interpretarSkaffold(
    JSON.stringify({
      apiVersion: 'skaffold/v4beta11',
      kind: 'Config',
      build: {
        tagPolicy: { inputDigest: {} },
        local: { push: false, concurrency: 1 },
        artifacts: [{ image: 'a/uno', docker: { dockerfile: 'Dockerfile' } }],
      },
      deploy: { helm: { releases: [{ name: 'r', chartPath: 'c' }] }, statusCheckDeadlineSeconds: 60 },
      portForward: [{ resourceType: 'service', resourceName: 's', namespace: 'n', port: 1 }],
      profiles: perfiles,
      ...extra,
    }),
  );
}

describe('skaffold profiles', function () {
  this.timeout(30_000); // reading the build contexts of a busy 2-core machine
  it('the repository’s kind profile is activated by the kube context kind-alpes, without -p', () => {
    expect(perfilesActivados(repo(), opciones('kind-alpes')).activados).to.deep.equal(['kind']);
    expect(perfilesActivados(repo(), opciones('kind-alpes')).porContexto).to.deep.equal(['kind']);
  });

  it('and not by another context, unless named with -p; `-p -kind` deactivates it', () => {
    expect(perfilesActivados(repo(), opciones('minikube')).activados).to.deep.equal([]);
    expect(perfilesActivados(repo(), opciones('minikube', ['kind'])).activados).to.deep.equal(['kind']);
    expect(perfilesActivados(repo(), opciones('kind-alpes', ['-kind'])).activados).to.deep.equal([]);
  });

  it('-p kind sets deploy.kubeContext, so the plan deploys to kind-alpes whatever the current context', () => {
    const plan = planificar(repo(), { raiz: RAIZ, perfiles: ['kind'], contexto: 'minikube' });
    expect(plan.contextoKube).to.equal('kind-alpes');
    expect(plan.clusterKind).to.equal('alpes');
  });

  it('without the profile there is no kube context to deploy to but the current one', () => {
    const plan = planificar(repo(), { raiz: RAIZ, perfiles: [], contexto: 'kind-otro' });
    expect(plan.perfiles).to.deep.equal([]);
    expect(plan.contextoKube).to.equal('kind-otro');
  });

  it('a profile activated by the context but deploying elsewhere is refused, as skaffold does', () => {
    const texto = variante((c) => {
      c.profiles[0].activation = [{ kubeContext: 'kind-.*' }];
      c.profiles[0].deploy.kubeContext = 'kind-alpes';
    });
    expect(() =>
      planificar(interpretarSkaffold(texto), { raiz: RAIZ, perfiles: [], contexto: 'kind-otro' }),
    ).to.throw(/activated by kube-context "kind-otro", but the effective kube-context is "kind-alpes"/);
  });

  it('activation values are regular expressions, `!` negates, env is KEY=VALUE, command is run', () => {
    expect(igualRegex('kind-.*', 'kind-alpes')).to.be.true;
    expect(igualRegex('!minikube', 'kind-alpes')).to.be.true;
    expect(igualRegex('!kind-.*', 'kind-alpes')).to.be.false;
    const config = conPerfiles([
      { name: 'por-env', activation: [{ env: 'MODO=ci' }] },
      { name: 'por-comando', activation: [{ command: 'dev' }] },
      {
        name: 'todas',
        requiresAllActivations: true,
        activation: [{ env: 'MODO=ci' }, { kubeContext: 'minikube' }],
      },
      { name: 'alguna', activation: [{ env: 'MODO=ci' }, { kubeContext: 'minikube' }] },
    ]);
    expect(perfilesActivados(config, opciones('kind-x', [], { MODO: 'ci' })).activados).to.deep.equal([
      'por-env',
      'alguna',
    ]);
    expect(perfilesActivados(config, opciones('kind-x', [], {})).activados).to.deep.equal([]);
  });

  it('a profile replaces lists and pointer sections whole, merges value structs field by field', () => {
    const config = conPerfiles([
      {
        name: 'p',
        build: {
          artifacts: [{ image: 'b/dos' }],
          local: { useBuildkit: false },
        },
        deploy: { kubeContext: 'kind-p' },
        portForward: [{ resourceType: 'service', resourceName: 'otro', namespace: 'n', port: 2 }],
      },
    ]);
    const { pipeline } = aplicarPerfiles(config, opciones('x', ['p']));
    const build = pipeline.build as Record<string, unknown>;
    const deploy = pipeline.deploy as Record<string, unknown>;
    expect(build.artifacts).to.deep.equal([{ image: 'b/dos' }]);
    expect(build.local, 'local is a pointer: replaced, push and concurrency gone').to.deep.equal({
      useBuildkit: false,
    });
    expect(build.tagPolicy, 'kept from the base').to.deep.equal({ inputDigest: {} });
    expect(deploy.kubeContext).to.equal('kind-p');
    expect(deploy.helm, 'kept').to.deep.equal({ releases: [{ name: 'r', chartPath: 'c' }] });
    expect(deploy.statusCheckDeadlineSeconds, 'kept').to.equal(60);
    expect((pipeline.portForward as { resourceName: string }[])[0]!.resourceName).to.equal('otro');
  });

  it('the tag policy and the build type are one-of groups: the profile’s choice replaces the base’s', () => {
    const config = conPerfiles([{ name: 'p', build: { tagPolicy: { sha256: {} }, googleCloudBuild: {} } }]);
    const build = aplicarPerfiles(config, opciones('x', ['p'])).pipeline.build as Record<string, unknown>;
    expect(build.tagPolicy).to.deep.equal({ sha256: {} });
    expect(build).to.have.property('googleCloudBuild');
    expect(build).to.not.have.property('local');
  });

  it('profiles apply in order, the later one winning', () => {
    const config = conPerfiles([
      { name: 'a', deploy: { kubeContext: 'kind-a', statusCheckDeadlineSeconds: 5 } },
      { name: 'b', deploy: { kubeContext: 'kind-b' } },
    ]);
    const deploy = aplicarPerfiles(config, opciones('x', ['a', 'b'])).pipeline.deploy as Record<
      string,
      unknown
    >;
    expect(deploy.kubeContext).to.equal('kind-b');
    expect(deploy.statusCheckDeadlineSeconds).to.equal(5);
  });

  it('an unknown -p profile fails; profile patches are not emulated', () => {
    expect(() => aplicarPerfiles(repo(), opciones('x', ['prod']))).to.throw(/couldn't find profile prod/);
    const config = conPerfiles([
      { name: 'p', patches: [{ op: 'replace', path: '/build/artifacts/0/image', value: 'z' }] },
    ]);
    expect(() => aplicarPerfiles(config, opciones('x', ['p']))).to.throw(
      /profile "p" patches.*does not emulate/,
    );
  });
});
