import { expect } from 'chai';
import { parse } from 'yaml';
import { valoresDapr } from '../../src/planos-de-control/dapr';
import { kustomizacionAlpes } from '../../src/planos-de-control/keda';
import { IMAGEN_POLITICAS_RED, manifiestoPoliticasRed } from '../../src/planos-de-control/politicas-red';
import { crdsDe, diferencias, esencia } from '../../src/planos-de-control/crds';

// The pure parts of the control-plane installs: the CRD comparison that guards shared/crds, and
// the Dapr values that keep everything pullable-free.

const crd = (maximo?: number) => `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: { name: cosas.ejemplo.io }
spec:
  group: ejemplo.io
  scope: Namespaced
  names: { kind: Cosa, plural: cosas }
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            n: { type: integer${maximo === undefined ? '' : `, maximum: ${maximo}`} }
---
apiVersion: v1
kind: Namespace
metadata: { name: no-es-un-crd }
`;

describe('control planes: CRD comparison', () => {
  it('reads only the CRDs of a multi-document manifest', () => {
    expect(crdsDe(crd()).map((c) => c.metadata.name)).to.deep.equal(['cosas.ejemplo.io']);
  });

  it('finds no difference between a CRD and itself', () => {
    const [a] = crdsDe(crd());
    expect(diferencias(esencia(a!), esencia(a!))).to.deep.equal([]);
  });

  it('names the schema path that differs (a patch adding a maximum)', () => {
    const [a] = crdsDe(crd());
    const [b] = crdsDe(crd(3600));
    expect(diferencias(esencia(a!), esencia(b!))).to.deep.equal([
      '/versions/0/schema/openAPIV3Schema/properties/n/maximum: only in the second',
    ]);
  });

  it('ignores what the API server adds outside names, scope and versions', () => {
    const [a] = crdsDe(crd());
    const b = JSON.parse(JSON.stringify(a)) as typeof a & { status?: unknown };
    b!.status = { acceptedNames: {} };
    expect(diferencias(esencia(a!), esencia(b!))).to.deep.equal([]);
  });
});

describe('control planes: Dapr values', () => {
  it('pins the registry and tag of the loaded images and never pulls', () => {
    const v = valoresDapr('volumenes') as { global: Record<string, unknown>; dapr_sidecar_injector: unknown };
    expect(v.global.registry).to.equal('ghcr.io/dapr');
    expect(v.global.tag).to.match(/^\d+\.\d+\.\d+$/);
    expect(v.global.imagePullPolicy).to.equal('IfNotPresent');
    expect(v.dapr_sidecar_injector).to.deep.equal({ sidecarImagePullPolicy: 'IfNotPresent' });
    expect(v).to.not.have.property('dapr_scheduler');
  });

  it('ties each control-plane pod template to its image id, so a rebuilt image rolls out', () => {
    const v = valoresDapr('volumenes', { operator: 'aaa', scheduler: 'bbb' }) as Record<
      string,
      Record<string, unknown>
    >;
    expect(v.dapr_operator).to.deep.equal({ deploymentAnnotations: { 'alpes.io/imagen': 'aaa' } });
    expect(v.dapr_scheduler).to.deep.equal({ statefulsetAnnotations: { 'alpes.io/imagen': 'bbb' } });
    expect(v).to.not.have.property('dapr_sentry');
  });

  it('runs the webhook-bearing control plane in HA pairs spread by hostname (the injector fails open)', () => {
    const v = valoresDapr('volumenes') as { global: { ha: Record<string, unknown> } };
    expect(v.global.ha).to.deep.equal({
      enabled: true,
      replicaCount: 2,
      topologyKey: 'kubernetes.io/hostname',
    });
  });

  it('keeps scheduler and placement state in memory without a default StorageClass', () => {
    const v = valoresDapr('memoria');
    expect(v.dapr_scheduler).to.deep.equal({ cluster: { inMemoryStorage: true } });
    expect(v.dapr_placement).to.deep.equal({ cluster: { forceInMemoryLog: true } });
  });
});

describe('control planes: KEDA kustomization', () => {
  it("changes only the pull policy and the image-id annotations of KEDA's manifests", () => {
    const k = parse(kustomizacionAlpes({ keda: 'abc' })) as {
      resources: string[];
      patches: { target: { kind: string; name?: string }; patch: string }[];
    };
    expect(k.resources).to.deep.equal(['../config/default']);
    expect(k.patches).to.have.length(2);
    expect(parse(k.patches[0]!.patch)).to.deep.equal([
      { op: 'replace', path: '/spec/template/spec/containers/0/imagePullPolicy', value: 'IfNotPresent' },
    ]);
    expect(k.patches[1]!.target).to.deep.equal({ kind: 'Deployment', name: 'keda-operator' });
    expect(parse(k.patches[1]!.patch)).to.deep.equal([
      { op: 'add', path: '/spec/template/metadata/annotations', value: { 'alpes.io/imagen': 'abc' } },
    ]);
  });
});

describe('control planes: NetworkPolicy agent manifest', () => {
  const install = `kind: ServiceAccount
metadata: { name: kube-network-policies, namespace: kube-system }
---
kind: DaemonSet
metadata: { name: kube-network-policies, namespace: kube-system }
spec:
  template:
    metadata: { labels: { app: kube-network-policies } }
    spec:
      containers:
        - name: kube-network-policies
          image: registry.k8s.io/networking/kube-network-policies:v0.7.0
          args: [/bin/netpol, --hostname-override=$(MY_NODE_NAME), --v=2, --nfqueue-id=98]
`;

  it('swaps in the loaded image, never pulls, ties the pods to the image id and quiets per-packet logs', () => {
    const [cuenta, ds] = manifiestoPoliticasRed(install, 'abc123')
      .split('---\n')
      .map((d) => parse(d) as Record<string, any>); // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(cuenta!.kind).to.equal('ServiceAccount');
    const c = ds!.spec.template.spec.containers[0];
    expect(c.image).to.equal(IMAGEN_POLITICAS_RED);
    expect(c.imagePullPolicy).to.equal('Never');
    expect(c.args).to.deep.equal([
      '/bin/netpol',
      '--hostname-override=$(MY_NODE_NAME)',
      '--v=0',
      '--nfqueue-id=98',
    ]);
    expect(ds!.spec.template.metadata.annotations).to.deep.equal({ 'alpes.io/imagen': 'abc123' });
  });

  it('refuses a manifest without the agent DaemonSet', () => {
    expect(() => manifiestoPoliticasRed('kind: ServiceAccount\n', 'x')).to.throw(/no DaemonSet/);
  });
});
