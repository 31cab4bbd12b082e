import { expect } from 'chai';
import { rutaCrds } from '../../src/raiz';
import { esTipoNucleo, ValidadorCrds, validarNucleo, validarObjeto } from '../../src/validacion';
import { ARCHIVOS_VALORES, render, unico } from '../apoyo';

describe('cada objeto renderizado cumple su esquema real', () => {
  let crds: ValidadorCrds;

  before(() => {
    crds = new ValidadorCrds(rutaCrds());
  });

  it('los CRDs de Dapr y KEDA están en ../shared/crds', () => {
    expect(crds.tipos()).to.include.members([
      'dapr.io/v1alpha1 Component',
      'dapr.io/v1alpha1 Resiliency',
      'dapr.io/v1alpha1 Configuration',
      'dapr.io/v2alpha1 Subscription',
      'keda.sh/v1alpha1 ScaledObject',
      'keda.sh/v1alpha1 TriggerAuthentication',
    ]);
  });

  for (const archivo of ARCHIVOS_VALORES) {
    it(`con valores-${archivo}.yaml: tipos de Kubernetes con kubernetes-models, Dapr y KEDA con sus CRDs`, async () => {
      const objetos = await render(archivo);
      const fallos: string[] = [];
      for (const o of objetos) {
        try {
          validarObjeto(o, crds);
        } catch (error) {
          fallos.push((error as Error).message);
        }
      }
      expect(fallos, fallos.join('\n')).to.be.empty;
      const validadosConCrd = objetos.filter((o) => !esTipoNucleo(o.apiVersion)).map((o) => o.kind);
      expect(validadosConCrd).to.include.members([
        'Component',
        'Resiliency',
        'Configuration',
        'ScaledObject',
      ]);
    });
  }

  // The validators must be able to fail, or the checks above prove nothing.
  it('un ScaledObject con un campo mal escrito o un umbral numérico no pasa el CRD de KEDA', async () => {
    const bueno = unico(await render('dev'), 'ScaledObject');
    const malEscrito = structuredClone(bueno);
    (malEscrito.spec as Record<string, unknown>).minReplicaCnt = 1;
    expect(() => crds.validar(malEscrito)).to.throw(/minReplicaCnt/);

    const umbralNumerico = structuredClone(bueno);
    const triggers = (umbralNumerico.spec as { triggers: { metadata: Record<string, unknown> }[] }).triggers;
    triggers[0]!.metadata.msgBacklogThreshold = 10;
    expect(() => crds.validar(umbralNumerico)).to.throw(/msgBacklogThreshold must be string/);
  });

  it('una Resiliency sin targets no pasa el CRD de Dapr', async () => {
    const resiliencia = structuredClone(unico(await render('dev'), 'Resiliency'));
    delete (resiliencia.spec as Record<string, unknown>).targets;
    expect(() => crds.validar(resiliencia)).to.throw(/targets/);
  });

  it('un Deployment con un puerto como texto no pasa kubernetes-models', async () => {
    const deployment = structuredClone(unico(await render('dev'), 'Deployment', 'pagos'));
    const spec = deployment.spec as {
      template: { spec: { containers: { ports: { containerPort: unknown }[] }[] } };
    };
    spec.template.spec.containers[0]!.ports[0]!.containerPort = '50051';
    expect(() => validarNucleo(deployment)).to.throw(/containerPort must be integer/);
  });

  it('un tipo desconocido se rechaza en vez de pasar sin validar', () => {
    expect(() =>
      validarObjeto({ apiVersion: 'ejemplo.io/v1', kind: 'Inventado', metadata: { name: 'x' } }, crds),
    ).to.throw(/no hay CRD para ejemplo.io\/v1 Inventado/);
    expect(() =>
      validarObjeto({ apiVersion: 'apps/v1', kind: 'Inventado', metadata: { name: 'x' } }, crds),
    ).to.throw(/no es un tipo de Kubernetes conocido/);
  });
});
