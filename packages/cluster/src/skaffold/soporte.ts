// The subset of skaffold the emulator implements. Everything else the effective configuration
// (profiles applied) uses is refused by name: a field silently ignored would deploy something
// other than what `skaffold run` deploys.
import { ErrorEntorno } from '@alpes/entorno';
import type { Objeto, PipelineEfectivo } from './tipos';
import { formatearRuta } from './validar';

export function noEmulado(que: string, origen = 'skaffold.yaml'): ErrorEntorno {
  return new ErrorEntorno(`${origen} uses ${que}, which \`npm run cluster -- deploy\` does not emulate`);
}

/** What each emulated field admits: `true` any value, a tree its own keys, `[tree]` a list of them. */
type Admitido = true | { [clave: string]: Admitido } | [Admitido];

const ADMITIDO: { [clave: string]: Admitido } = {
  apiVersion: true,
  kind: true,
  metadata: true, // name, labels, annotations: informational
  build: {
    artifacts: [{ image: true, context: true, docker: { dockerfile: true, buildArgs: true, target: true } }],
    tagPolicy: { inputDigest: true },
    local: { push: true, useBuildkit: true, concurrency: true, useDockerCLI: true, tryImportMissing: true },
  },
  deploy: {
    helm: {
      releases: [
        {
          name: true,
          chartPath: true,
          namespace: true,
          createNamespace: true,
          valuesFiles: true,
          setValueTemplates: true,
          setValues: true,
          version: true,
          wait: true,
          skipBuildDependencies: true,
        },
      ],
    },
    kubeContext: true,
    statusCheck: true,
    statusCheckDeadlineSeconds: true,
    tolerateFailuresUntilDeadline: true,
  },
  portForward: [
    { resourceType: true, resourceName: true, namespace: true, port: true, localPort: true, address: true },
  ],
};

const vacio = (v: unknown) => v === undefined || v === null || (Array.isArray(v) && v.length === 0);

function recorrer(valor: unknown, admitido: Admitido, ruta: (string | number)[]): void {
  if (admitido === true || vacio(valor)) return;
  if (Array.isArray(admitido)) {
    if (Array.isArray(valor)) valor.forEach((v, i) => recorrer(v, admitido[0], [...ruta, i]));
    return;
  }
  if (typeof valor !== 'object' || Array.isArray(valor)) return;
  for (const [clave, hijo] of Object.entries(valor as Objeto)) {
    const regla = admitido[clave];
    if (regla === undefined) {
      if (vacio(hijo)) continue;
      throw noEmulado(`"${formatearRuta([...ruta, clave])}"`);
    }
    recorrer(hijo, regla, [...ruta, clave]);
  }
}

/**
 * Refuses what the effective pipeline uses beyond the emulated subset; returns the notes to print
 * where the emulator does something equivalent by other means.
 */
export function comprobarSoporte(pipeline: Objeto): { pipeline: PipelineEfectivo; avisos: string[] } {
  recorrer(pipeline, ADMITIDO, []);
  const p = pipeline as unknown as PipelineEfectivo;
  const avisos: string[] = [];
  if (!p.build?.artifacts?.length) throw noEmulado('no build.artifacts (nothing to build)');
  if (!p.build.tagPolicy?.inputDigest) {
    throw noEmulado('a tag policy other than build.tagPolicy.inputDigest (skaffold defaults to gitCommit)');
  }
  const local = (p.build.local ?? {}) as Objeto;
  if (local.push === true) throw noEmulado('build.local.push: true (pushing to a registry)');
  if (local.tryImportMissing === true) throw noEmulado('build.local.tryImportMissing: true');
  if (local.useBuildkit === true) {
    avisos.push(
      'build.local.useBuildkit: true is built with the legacy builder (DOCKER_BUILDKIT=0): BuildKit would pull its ' +
        'Dockerfile frontend from a registry; the Dockerfiles are checked for BuildKit-only syntax first',
    );
  }
  p.build.artifacts.forEach((a, i) => {
    for (const [clave, valor] of Object.entries(a.docker?.buildArgs ?? {})) {
      if (valor === null) {
        throw noEmulado(
          `"build.artifacts[${i}].docker.buildArgs.${clave}" without a value (taken from the environment)`,
        );
      }
    }
  });
  if (!p.deploy?.helm?.releases?.length) throw noEmulado('a deployer other than deploy.helm.releases');
  p.deploy.helm.releases.forEach((r, i) => {
    if (!r.chartPath) throw noEmulado(`"deploy.helm.releases[${i}]" without chartPath`);
  });
  (p.portForward ?? []).forEach((r, i) => {
    const donde = `portForward[${i}]`;
    if (!TIPOS_REENVIO.includes((r.resourceType ?? '').toLowerCase())) {
      throw noEmulado(
        `"${donde}.resourceType: ${r.resourceType ?? '(none)'}" (emulated: ${TIPOS_REENVIO.join(', ')})`,
      );
    }
    if (!r.resourceName) throw noEmulado(`"${donde}" without resourceName`);
    if (!r.namespace) throw noEmulado(`"${donde}" without namespace (skaffold would use the context's)`);
    if (typeof r.port !== 'number')
      throw noEmulado(`"${donde}.port: ${String(r.port)}" (a named or missing port)`);
  });
  return { pipeline: p, avisos };
}

/** Resource types `kubectl port-forward TYPE/NAME` resolves to a pod. */
export const TIPOS_REENVIO = ['service', 'deployment', 'statefulset', 'replicaset', 'pod'];
