import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { leerSkaffold } from '../../src/skaffold/leer';
import { planificar, type OpcionesPlan, type PlanDespliegue } from '../../src/skaffold/plan';
import { carpetaTemporal, RAIZ, variante } from './skaffold-apoyo';

const KIND: OpcionesPlan = { raiz: RAIZ, perfiles: ['kind'], contexto: 'kind-alpes' };

/** The plan of a changed copy of skaffold.yaml, written to a temporary folder and read back from there. */
function planDeVariante(
  cambio: Parameters<typeof variante>[0],
  opciones: Partial<OpcionesPlan> = {},
): PlanDespliegue {
  const dir = carpetaTemporal('skaffold-yaml-');
  fs.writeFileSync(path.join(dir, 'skaffold.yaml'), variante(cambio));
  return planificar(leerSkaffold(dir), { ...KIND, ...opciones });
}

const noEmula = (cambio: Parameters<typeof variante>[0]) => {
  try {
    planDeVariante(cambio);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('it was planned');
};

describe('the plan of `skaffold run -p kind`', function () {
  this.timeout(30_000); // reading the build contexts of a busy 2-core machine
  let plan: PlanDespliegue;
  before(() => {
    plan = planificar(leerSkaffold(RAIZ), KIND);
  });

  it('builds the three images from the repository root with the services’ Dockerfile, each with its build args', () => {
    expect(
      plan.artefactos.map((a) => [a.imagen, path.relative(RAIZ, a.dockerfile), a.contexto, a.argumentos]),
    ).to.deep.equal([
      ['alpes/pagos', 'services/Dockerfile', RAIZ, { SERVICIO: 'pagos', PUERTOS: '50051 9091' }],
      ['alpes/liquidacion', 'services/Dockerfile', RAIZ, { SERVICIO: 'liquidacion', PUERTOS: '50052 9092' }],
      [
        'alpes/pasarela-simulada',
        'services/Dockerfile',
        RAIZ,
        { SERVICIO: 'pasarela-simulada', PUERTOS: '4010' },
      ],
    ]);
    for (const a of plan.artefactos) {
      expect(a.objetivo).to.be.undefined;
      expect(a.referencia).to.equal(`${a.imagen}:${a.etiqueta}`);
      expect(a.etiqueta).to.match(/^[0-9a-f]{64}$/);
    }
    expect(new Set(plan.artefactos.map((a) => a.etiqueta)).size, 'each image its own tag').to.equal(3);
  });

  it('installs release alpes of charts/alpes-pagos into namespace alpes with the dev values', () => {
    expect(plan.releases).to.have.length(1);
    const r = plan.releases[0]!;
    expect(r.nombre).to.equal('alpes');
    expect(r.chart).to.equal(path.join(RAIZ, 'charts/alpes-pagos'));
    expect(r.namespace).to.equal('alpes');
    expect(r.crearNamespace).to.be.true;
    expect(r.archivosValores).to.deep.equal([path.join(RAIZ, 'charts/alpes-pagos/valores-dev.yaml')]);
    expect(r.esperar).to.be.false;
  });

  it('sets each image value from setValueTemplates, rendered with the computed tags', () => {
    const ref = (imagen: string) => plan.artefactos.find((a) => a.imagen === imagen)!.referencia;
    expect(plan.releases[0]!.set).to.deep.equal([
      ['liquidacion.imagen', ref('alpes/liquidacion')],
      ['pagos.imagen', ref('alpes/pagos')],
      ['pasarelaSimulada.imagen', ref('alpes/pasarela-simulada')],
    ]);
  });

  it('deploys to kind-alpes, waits up to 600 s, and forwards the three ports', () => {
    expect(plan.perfiles).to.deep.equal(['kind']);
    expect(plan.contextoKube).to.equal('kind-alpes');
    expect(plan.clusterKind).to.equal('alpes');
    expect(plan.verificacion).to.deep.equal({ activa: true, plazoSegundos: 600, tolerarFallos: false });
    expect(
      plan.reenvios.map((r) => `${r.tipo}/${r.nombre} ${r.namespace} ${r.puertoLocal}:${r.puerto}`),
    ).to.deep.equal([
      'service/pagos alpes 50051:50051',
      'service/liquidacion alpes 50052:50052',
      'service/pasarela-simulada alpes 4010:4010',
    ]);
    expect(plan.avisos.join()).to.include('legacy builder');
  });

  it('is the same when nothing changes (the tags are deterministic)', () => {
    expect(planificar(leerSkaffold(RAIZ), KIND)).to.deep.equal(plan);
  });

  describe('a change to skaffold.yaml changes the plan', () => {
    it('setValueTemplates: another key, IMAGE_REPO_ and IMAGE_TAG_ rendered', () => {
      const cambiado = planDeVariante((c) => {
        c.deploy.helm.releases[0].setValueTemplates = {
          'pagos.repositorio': '{{.IMAGE_REPO_alpes_pagos}}',
          'pagos.etiqueta': '{{ .IMAGE_TAG_alpes_pagos }}',
        };
      });
      const pagos = plan.artefactos[0]!;
      expect(cambiado.releases[0]!.set).to.deep.equal([
        ['pagos.etiqueta', pagos.etiqueta],
        ['pagos.repositorio', 'alpes/pagos'],
      ]);
    });

    it('setValues, nested, before the templates', () => {
      const cambiado = planDeVariante(
        (c) => (c.deploy.helm.releases[0].setValues = { keda: { activo: false }, a: 1 }),
      );
      expect(cambiado.releases[0]!.set.slice(0, 2)).to.deep.equal([
        ['a', '1'],
        ['keda.activo', 'false'],
      ]);
    });

    it('valuesFiles', () => {
      const cambiado = planDeVariante(
        (c) => (c.deploy.helm.releases[0].valuesFiles = ['charts/alpes-pagos/valores-prod.yaml']),
      );
      expect(cambiado.releases[0]!.archivosValores).to.deep.equal([
        path.join(RAIZ, 'charts/alpes-pagos/valores-prod.yaml'),
      ]);
    });

    it('an artifact removed, a build arg and a target added', () => {
      const cambiado = planDeVariante((c) => {
        c.build.artifacts.pop();
        c.build.artifacts[0].docker.buildArgs.NODE_ENV = 'production';
        c.build.artifacts[0].docker.target = 'construccion';
        c.deploy.helm.releases[0].setValueTemplates = {
          'pagos.imagen': '{{.IMAGE_FULLY_QUALIFIED_alpes_pagos}}',
        };
      });
      expect(cambiado.artefactos.map((a) => a.imagen)).to.deep.equal(['alpes/pagos', 'alpes/liquidacion']);
      expect(cambiado.artefactos[0]!.argumentos).to.deep.equal({
        SERVICIO: 'pagos',
        PUERTOS: '50051 9091',
        NODE_ENV: 'production',
      });
      expect(cambiado.artefactos[0]!.objetivo).to.equal('construccion');
      expect(cambiado.artefactos[0]!.etiqueta).to.not.equal(plan.artefactos[0]!.etiqueta);
      expect(cambiado.artefactos[1]!.etiqueta).to.equal(plan.artefactos[1]!.etiqueta);
    });

    it('the release, the namespace, the deadline and the forwards', () => {
      const cambiado = planDeVariante((c) => {
        c.deploy.helm.releases[0].name = 'otra';
        c.deploy.helm.releases[0].namespace = 'pruebas';
        c.deploy.statusCheckDeadlineSeconds = 120;
        c.portForward = [
          { resourceType: 'Deployment', resourceName: 'pagos', namespace: 'pruebas', port: 9091 },
        ];
      });
      expect([cambiado.releases[0]!.nombre, cambiado.releases[0]!.namespace]).to.deep.equal([
        'otra',
        'pruebas',
      ]);
      expect(cambiado.verificacion.plazoSegundos).to.equal(120);
      expect(cambiado.reenvios).to.deep.equal([
        {
          tipo: 'deployment',
          nombre: 'pagos',
          namespace: 'pruebas',
          puerto: 9091,
          puertoLocal: 9091,
          direccion: '127.0.0.1',
        },
      ]);
    });
  });

  it('the prod-like values replace valuesFiles and keep everything else; extra files go after', () => {
    const prod = planificar(leerSkaffold(RAIZ), {
      ...KIND,
      archivosValores: ['charts/alpes-pagos/valores-prod.yaml'],
    });
    expect(prod.releases[0]!.archivosValores).to.deep.equal([
      path.join(RAIZ, 'charts/alpes-pagos/valores-prod.yaml'),
    ]);
    expect(prod.releases[0]!.set).to.deep.equal(plan.releases[0]!.set);
    expect(prod.artefactos).to.deep.equal(plan.artefactos);
    const extra = planificar(leerSkaffold(RAIZ), {
      ...KIND,
      valoresExtra: ['charts/alpes-pagos/valores-prod.yaml'],
    });
    expect(extra.releases[0]!.archivosValores.map((v) => path.basename(v))).to.deep.equal([
      'valores-dev.yaml',
      'valores-prod.yaml',
    ]);
    expect(() => planificar(leerSkaffold(RAIZ), { ...KIND, valoresExtra: ['no-existe.yaml'] })).to.throw(
      /does not exist/,
    );
  });

  describe('what the emulator does not implement fails loudly', () => {
    const cases: [string, Parameters<typeof variante>[0], RegExp][] = [
      [
        'a jib artifact',
        (c) => (c.build.artifacts[0] = { image: 'x/jib', jib: {} }),
        /"build\.artifacts\[0\]\.jib"/,
      ],
      ['deploy.kubectl', (c) => (c.deploy.kubectl = {}), /"deploy\.kubectl"/],
      [
        'a gitCommit tag policy',
        (c) => (c.build.tagPolicy = { gitCommit: {} }) && (c.profiles[0].build.tagPolicy = { gitCommit: {} }),
        /tagPolicy\.gitCommit/,
      ],
      ['pushing', (c) => (c.profiles[0].build.local.push = true), /build\.local\.push: true/],
      ['cacheFrom', (c) => (c.build.artifacts[0].docker.cacheFrom = ['x']), /docker\.cacheFrom/],
      ['helm flags', (c) => (c.deploy.helm.flags = { upgrade: ['--atomic'] }), /deploy\.helm\.flags/],
      ['a remote chart', (c) => (c.deploy.helm.releases[0].remoteChart = 'repo/chart'), /remoteChart/],
      ['test', (c) => (c.test = [{ image: 'alpes/pagos', structureTests: ['t.yaml'] }]), /"test"/],
      [
        'a template function',
        (c) => (c.deploy.helm.releases[0].setValueTemplates = { a: '{{default "x" .FOO}}' }),
        /only \{\{\.NAME\}\}/,
      ],
      ['a named port', (c) => (c.portForward[0].port = 'grpc'), /named or missing port/],
      [
        'a non-kind context',
        (c) => {
          c.profiles[0].activation = [{ kubeContext: 'nunca' }];
          c.profiles[0].deploy.kubeContext = 'gke_prod';
        },
        /not a kind cluster/,
      ],
    ];
    for (const [nombre, cambio, patron] of cases) {
      it(nombre, () => {
        const mensaje = noEmula(cambio);
        expect(mensaje).to.match(patron);
        expect(mensaje).to.include('which `npm run cluster -- deploy` does not emulate');
      });
    }

    it('a template variable with no value fails naming it', () => {
      expect(() =>
        planDeVariante(
          (c) =>
            (c.deploy.helm.releases[0].setValueTemplates = { a: '{{.IMAGE_FULLY_QUALIFIED_alpes_otro}}' }),
        ),
      ).to.throw(/\{\{\.IMAGE_FULLY_QUALIFIED_alpes_otro\}\} has no value/);
    });
  });
});
