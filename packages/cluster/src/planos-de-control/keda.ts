// KEDA in the kind cluster, from github.com/kedacore/keda/v2: the operator, the metrics API server
// and the admission webhooks built from the module, their images as KEDA's Dockerfiles make them,
// and the manifests rendered from the module's config/ the way KEDA's `make release` renders
// keda-<version>.yaml (kustomize with the image tags and version label set).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { asegurarDir, conProgreso, ErrorEntorno, paso } from '@alpes/entorno';
import { binariosDe, compilarModuloGo, type CompilacionGo } from '../compilacion-go';
import { rutasCluster } from '../rutas';
import { VERSIONES_CLUSTER as V } from '../versiones';
import { carpetaDeBinarios, carpetaDelModulo, commitDelModulo, sinV } from './comunes';
import { compararConCompartidos, crdsDe, crdsDeArchivos, verificarCrdsInstalados } from './crds';
import { ANOTACION_IMAGEN, cargarEnKind, construirSobreBase, DIR_IMAGENES, idCorto } from './imagenes';
import {
  aplicarEnServidor,
  diagnosticarEspacio,
  esperarDespliegues,
  esperarPodsListos,
  kubectl,
  obtener,
  type OpcionesKubectl,
  type OpcionesPlano,
} from './kubernetes';

const MODULO = 'github.com/kedacore/keda/v2';
export const ESPACIO_KEDA = 'keda';
export const API_METRICAS_EXTERNAS = 'v1beta1.external.metrics.k8s.io';

/** image -> the main package, and the binary name the manifests' `command` runs. */
const IMAGENES_KEDA = [
  { imagen: 'keda', paquete: './cmd/operator', binario: 'keda', despliegue: 'keda-operator' },
  {
    imagen: 'keda-metrics-apiserver',
    paquete: './cmd/adapter',
    binario: 'keda-adapter',
    despliegue: 'keda-metrics-apiserver',
  },
  {
    imagen: 'keda-admission-webhooks',
    paquete: './cmd/webhooks',
    binario: 'keda-admission-webhooks',
    despliegue: 'keda-admission',
  },
] as const;

export const imagenKeda = (nombre: string) => `ghcr.io/kedacore/${nombre}:${sinV(V.keda)}`;

function compilacionKeda(): CompilacionGo {
  const commit = commitDelModulo(MODULO, V.keda);
  // what KEDA's Makefile stamps; the operator logs it and reports it in its metrics
  const ldflags = [
    '-s -w',
    `-X ${MODULO}/version.Version=${sinV(V.keda)}`,
    ...(commit ? [`-X ${MODULO}/version.GitCommit=${commit}`] : []),
  ].join(' ');
  return {
    modulo: MODULO,
    version: V.keda,
    paquetes: IMAGENES_KEDA.map((i) => i.paquete),
    destino: carpetaDeBinarios('keda', V.keda, { ldflags }),
    ldflags,
  };
}

/** The three binaries, built once (one `go build`): image name -> binary path. */
export async function compilarKeda(): Promise<Record<string, string>> {
  const c = compilacionKeda();
  await compilarModuloGo(c);
  const rutas = binariosDe(c);
  return Object.fromEntries(IMAGENES_KEDA.map((i, n) => [i.imagen, rutas[n] as string]));
}

/** Builds ghcr.io/kedacore/{keda,keda-metrics-apiserver,keda-admission-webhooks}:2.20.2 and loads them. */
export async function imagenesKeda(o: Pick<OpcionesPlano, 'env' | 'kind' | 'cluster'>): Promise<string[]> {
  const binarios = await compilarKeda();
  const imagenes = IMAGENES_KEDA.map((i) => ({
    referencia: imagenKeda(i.imagen),
    dockerfile: fs.readFileSync(path.join(DIR_IMAGENES, 'keda', `${i.imagen}.Dockerfile`), 'utf8'),
    archivos: { [i.binario]: binarios[i.imagen] as string },
  }));
  await construirSobreBase(imagenes, o.env, 'KEDA');
  const referencias = imagenes.map((i) => i.referencia);
  await cargarEnKind(o, referencias, 'KEDA');
  return referencias;
}

function reemplazarEn(archivo: string, de: RegExp, a: string): void {
  const texto = fs.readFileSync(archivo, 'utf8');
  if (!de.test(texto)) {
    throw new ErrorEntorno(
      `${archivo} has no ${de} any more: KEDA ${V.keda}'s config/ changed, adapt keda.ts`,
    );
  }
  fs.writeFileSync(archivo, texto.replace(de, a));
}

// Our changes to KEDA's manifests: they say imagePullPolicy Always, and nothing can be pulled here
// (the images are loaded into the nodes); and each pod template carries its image's id, because a
// rebuilt image keeps its release tag and would otherwise never reach the running pods. Users with
// a registry apply KEDA's release as is.
export function kustomizacionAlpes(ids: Record<string, string>): string {
  const anotaciones = IMAGENES_KEDA.filter((i) => ids[i.imagen]).map(
    (i) => `  - target:
      kind: Deployment
      name: ${i.despliegue}
    patch: |-
      - op: add
        path: /spec/template/metadata/annotations
        value:
          ${ANOTACION_IMAGEN}: "${ids[i.imagen]}"
`,
  );
  return `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - ../config/default
patches:
  - target:
      kind: Deployment
      namespace: ${ESPACIO_KEDA}
    patch: |-
      - op: replace
        path: /spec/template/spec/containers/0/imagePullPolicy
        value: IfNotPresent
${anotaciones.join('')}`;
}

/** KEDA's own CRD files (config/crd/bases), before the kustomization patches two of them. */
export function crdsBaseKeda(): string[] {
  const bases = path.join(carpetaDelModulo(MODULO, V.keda), 'config', 'crd', 'bases');
  return fs.readdirSync(bases).map((f) => path.join(bases, f));
}

/**
 * KEDA's manifests for this version: the module's config/ in a scratch folder, stamped like
 * `make release` does (image tags, app.kubernetes.io/version), rendered by kubectl's kustomize.
 */
export async function manifiestoKeda(o: OpcionesKubectl, ids: Record<string, string> = {}): Promise<string> {
  const modulo = carpetaDelModulo(MODULO, V.keda);
  const dir = path.join(asegurarDir(rutasCluster.construccion), `keda-config-${V.keda}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.cpSync(path.join(modulo, 'config'), path.join(dir, 'config'), { recursive: true });
  for (const f of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    fs.chmodSync(path.join(f.parentPath, f.name), f.isDirectory() ? 0o755 : 0o644);
  }
  const version = sinV(V.keda);
  for (const sub of ['manager', 'metrics-server', 'webhooks']) {
    reemplazarEn(path.join(dir, 'config', sub, 'kustomization.yaml'), /newTag: .*/, `newTag: "${version}"`);
  }
  reemplazarEn(
    path.join(dir, 'config', 'default', 'kustomize-config', 'metadataLabelTransformer.yaml'),
    /version: .*/,
    `version: "${version}"`,
  );
  asegurarDir(path.join(dir, 'alpes'));
  fs.writeFileSync(path.join(dir, 'alpes', 'kustomization.yaml'), kustomizacionAlpes(ids));
  return kubectl(o, ['kustomize', path.join(dir, 'alpes')]);
}

interface ApiService {
  status?: { conditions?: { type: string; status: string; reason?: string; message?: string }[] };
}

async function esperarApiMetricas(o: OpcionesKubectl, segundos: number): Promise<void> {
  await conProgreso(`waiting for the APIService ${API_METRICAS_EXTERNAS} to be Available`, async () => {
    const limite = Date.now() + segundos * 1000;
    for (;;) {
      const api = await obtener<ApiService>(o, ['apiservice', API_METRICAS_EXTERNAS]);
      const disponible = api?.status?.conditions?.find((c) => c.type === 'Available');
      if (disponible?.status === 'True') return;
      if (Date.now() > limite) {
        throw new ErrorEntorno(
          `the APIService ${API_METRICAS_EXTERNAS} (KEDA's metrics API server) is not Available after ${segundos} s: ` +
            `${disponible ? `${disponible.reason ?? ''} ${disponible.message ?? ''}` : 'no status'}\n` +
            (await diagnosticarEspacio(o, ESPACIO_KEDA)),
        );
      }
      await new Promise((r) => setTimeout(r, 2000));
    }
  });
}

/**
 * Builds and loads the images, applies KEDA's manifests server-side and checks them: the CRDs are
 * the shared ones, the three pods Ready (KEDA makes its own certificates: the operator's cert
 * rotation writes the kedaorg-certs Secret and the caBundles), and the external metrics API
 * Available. Idempotent: re-applying an unchanged manifest changes nothing.
 */
export async function instalarKeda(o: OpcionesPlano): Promise<void> {
  compararConCompartidos('keda', crdsDeArchivos(crdsBaseKeda()), `config/crd/bases of ${MODULO}@${V.keda}`);
  await imagenesKeda(o);
  const ids = Object.fromEntries(IMAGENES_KEDA.map((i) => [i.imagen, idCorto(imagenKeda(i.imagen), o.env)]));
  const manifiesto = await manifiestoKeda(o, ids);
  const crds = crdsDe(manifiesto);
  const salida = await conProgreso(`applying KEDA ${sinV(V.keda)}'s manifests (server-side)`, () =>
    aplicarEnServidor(o, manifiesto),
  );
  const cambios = salida.split('\n').filter((l) => l.trim() && !/ (unchanged|serverside-applied)$/.test(l));
  if (cambios.length) paso(`  ${cambios.length} object(s) changed`);
  await kubectl(o, [
    'wait',
    '--for=condition=Established',
    ...crds.map((c) => `crd/${c.metadata.name}`),
    '--timeout=60s',
  ]);
  await esperarDespliegues(
    o,
    ESPACIO_KEDA,
    IMAGENES_KEDA.map((i) => i.despliegue),
    300,
  );
  await esperarPodsListos(o, ESPACIO_KEDA, { minimo: 3, segundos: 60, que: `KEDA (${ESPACIO_KEDA})` });
  await esperarApiMetricas(o, 180);
  await verificarCrdsInstalados(o, 'KEDA', crds);
}
