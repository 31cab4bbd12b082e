// The Dapr control plane in the kind cluster, from github.com/dapr/dapr at the local daprd's
// version: its binaries built from the module, its images as dapr/dapr's Dockerfile makes them, and
// its own Helm chart (charts/dapr in the module) installed the way `helm install dapr dapr/dapr` does.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { asegurarDir, conProgreso, ErrorEntorno, paso } from '@alpes/entorno';
import { binariosDe, compilarModuloGo, type CompilacionGo } from '../compilacion-go';
import { ejecutar } from '../comandos';
import { rutasCluster } from '../rutas';
import { VERSIONES_CLUSTER as V } from '../versiones';
import { carpetaDeBinarios, carpetaDelModulo, commitDelModulo, sinV } from './comunes';
import { compararConCompartidos, crdsDeArchivos, diferencias, verificarCrdsInstalados } from './crds';
import { ANOTACION_IMAGEN, cargarEnKind, construirSobreBase, DIR_IMAGENES, idCorto } from './imagenes';
import {
  aplicarEnServidor,
  consultarDaprd,
  diagnosticarEspacio,
  diagnosticarPod,
  esperarPodsListos,
  kubectl,
  kubectlJson,
  obtener,
  type OpcionesPlano,
  type Pod,
} from './kubernetes';

const MODULO = 'github.com/dapr/dapr';
export const ESPACIO_DAPR = 'dapr-system';
const RELEASE = 'dapr';
const REGISTRO_DAPR = 'ghcr.io/dapr';

/** The commands of the chart's images; daprd is the sidecar the injector adds to annotated pods. */
export const BINARIOS_DAPR = ['operator', 'injector', 'sentry', 'placement', 'scheduler', 'daprd'] as const;
export type BinarioDapr = (typeof BINARIOS_DAPR)[number];

/**
 * daprd's built-in components, trimmed to what runs in the cluster (a stablecomponents build of all
 * of them downloads ~1 GB more and takes far longer): the chart's pub/sub (pubsub.pulsar), the
 * secret store daprd adds by itself in Kubernetes mode (named 'kubernetes', also the chart's
 * auth.secretStore), the Kubernetes name resolver (the default in Kubernetes mode), the in-memory
 * ones for quick tests, and zz_notag.go (the file that panics without a components tag).
 */
export const COMPONENTES_DAPRD = [
  'pubsub_pulsar.go',
  'secretstores_kubernetes.go',
  'nameresolution_kubernetes.go',
  'pubsub_in-memory.go',
  'state_in-memory.go',
  'zz_notag.go',
];

export const imagenDapr = (binario: string) => `${REGISTRO_DAPR}/${binario}:${sinV(V.dapr)}`;

function recortarComponentes(fuente: string): void {
  const dir = path.join(fuente, 'cmd/daprd/components');
  const presentes = fs.readdirSync(dir);
  const faltan = COMPONENTES_DAPRD.filter((c) => !presentes.includes(c));
  if (faltan.length) {
    throw new ErrorEntorno(
      `dapr ${V.dapr} has no cmd/daprd/components/${faltan.join(', ')}: update COMPONENTES_DAPRD`,
    );
  }
  for (const f of presentes) if (!COMPONENTES_DAPRD.includes(f)) fs.rmSync(path.join(dir, f));
}

function compilacionDapr(): CompilacionGo {
  const commit = commitDelModulo(MODULO, V.dapr);
  // what dapr's Makefile stamps (pkg/buildinfo): daprd and the control plane report 1.18.2, not "edge"
  const ldflags = [
    '-s -w',
    `-X ${MODULO}/pkg/buildinfo.version=${sinV(V.dapr)}`,
    `-X ${MODULO}/pkg/buildinfo.gitversion=${V.dapr}`,
    // the `ver` field of every log line
    `-X github.com/dapr/kit/logger.DaprVersion=${sinV(V.dapr)}`,
    ...(commit ? [`-X ${MODULO}/pkg/buildinfo.gitcommit=${commit}`] : []),
  ].join(' ');
  return {
    modulo: MODULO,
    version: V.dapr,
    paquetes: BINARIOS_DAPR.map((b) => `./cmd/${b}`),
    destino: carpetaDeBinarios('dapr', V.dapr, { ldflags, COMPONENTES_DAPRD }),
    etiquetas: ['stablecomponents'],
    ldflags,
    preparar: recortarComponentes,
  };
}

/** operator, injector, sentry, placement, scheduler and daprd, built once (one `go build`). */
export async function compilarDapr(): Promise<Record<BinarioDapr, string>> {
  const c = compilacionDapr();
  await compilarModuloGo(c);
  const rutas = binariosDe(c);
  return Object.fromEntries(BINARIOS_DAPR.map((b, i) => [b, rutas[i] as string])) as Record<
    BinarioDapr,
    string
  >;
}

/** Builds the six images (ghcr.io/dapr/<binary>:1.18.2) and loads them into the kind nodes. */
export async function imagenesDapr(o: Pick<OpcionesPlano, 'env' | 'kind' | 'cluster'>): Promise<string[]> {
  const binarios = await compilarDapr();
  const dockerfile = fs.readFileSync(path.join(DIR_IMAGENES, 'dapr', 'Dockerfile'), 'utf8');
  const imagenes = BINARIOS_DAPR.map((b) => ({
    referencia: imagenDapr(b),
    // the ARG's default instead of --build-arg: the same Dockerfile, one context per binary
    dockerfile: dockerfile.replace(/^ARG PKG_FILES$/m, `ARG PKG_FILES=${b}`),
    archivos: { [b]: binarios[b] },
  }));
  await construirSobreBase(imagenes, o.env, 'Dapr');
  const referencias = imagenes.map((i) => i.referencia);
  await cargarEnKind(o, referencias, 'Dapr');
  return referencias;
}

/**
 * The module's charts/dapr, stamped with the version as Dapr's release does (the chart in the
 * repository says 0.0.0 and tag 'edge'), in a writable scratch folder.
 */
export function prepararChartDapr(): { chart: string; crds: string[] } {
  const origen = path.join(carpetaDelModulo(MODULO, V.dapr), 'charts', 'dapr');
  const chart = path.join(asegurarDir(rutasCluster.construccion), `chart-dapr-${V.dapr}`);
  fs.rmSync(chart, { recursive: true, force: true });
  fs.cpSync(origen, chart, { recursive: true });
  fs.chmodSync(chart, 0o755);
  for (const f of fs.readdirSync(chart, { recursive: true, withFileTypes: true })) {
    fs.chmodSync(path.join(f.parentPath, f.name), f.isDirectory() ? 0o755 : 0o644);
  }
  const version = sinV(V.dapr);
  const chartYaml = path.join(chart, 'Chart.yaml');
  fs.writeFileSync(
    chartYaml,
    fs
      .readFileSync(chartYaml, 'utf8')
      .replace(/^version: .*$/m, `version: '${version}'`)
      .replace(/^appVersion: .*$/m, `appVersion: '${version}'`),
  );
  const valores = path.join(chart, 'values.yaml');
  fs.writeFileSync(
    valores,
    fs.readFileSync(valores, 'utf8').replace(/^(\s+tag:) 'edge'$/m, `$1 '${version}'`),
  );
  const dirCrds = path.join(chart, 'crds');
  const crds = fs
    .readdirSync(dirCrds)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => path.join(dirCrds, f));
  return { chart, crds };
}

export type Almacenamiento = 'volumenes' | 'memoria';

/**
 * The scheduler (3 embedded etcd members) and placement keep their state on PersistentVolumes, as
 * in a user's cluster, when there is a default StorageClass; without one, in memory (the chart's
 * own dev settings). An existing install keeps its mode: a StatefulSet's volume claims are immutable.
 */
async function elegirAlmacenamiento(o: OpcionesPlano): Promise<Almacenamiento> {
  const sts = await obtener<{ spec: { volumeClaimTemplates?: unknown[] } }>(o, [
    'statefulset',
    '-n',
    ESPACIO_DAPR,
    'dapr-scheduler-server',
  ]);
  if (sts) return sts.spec.volumeClaimTemplates?.length ? 'volumenes' : 'memoria';
  const clases = await kubectlJson<{
    items: { metadata: { name: string; annotations?: Record<string, string> } }[];
  }>(o, ['get', 'storageclass']);
  const porDefecto = clases.items.find(
    (c) => c.metadata.annotations?.['storageclass.kubernetes.io/is-default-class'] === 'true',
  );
  if (porDefecto) {
    paso(
      `Dapr scheduler and placement state on PersistentVolumes (default StorageClass '${porDefecto.metadata.name}')`,
    );
    return 'volumenes';
  }
  paso('warning: no default StorageClass: the Dapr scheduler and placement keep their state in memory');
  return 'memoria';
}

/** Chart values: HA pairs, loaded images never pulled, pods tied to their image ids. */
export function valoresDapr(
  almacenamiento: Almacenamiento,
  ids: Partial<Record<BinarioDapr, string>> = {},
): Record<string, unknown> {
  const anotaciones = (b: BinarioDapr) => (ids[b] ? { [ANOTACION_IMAGEN]: ids[b] } : undefined);
  const conAnotaciones = (b: BinarioDapr, clave: string, resto: Record<string, unknown> = {}) => {
    const a = anotaciones(b);
    return a ? { ...resto, [clave]: a } : resto;
  };
  const valores: Record<string, unknown> = {
    global: {
      registry: REGISTRO_DAPR,
      tag: sinV(V.dapr),
      // two replicas of the operator, the sidecar injector and sentry, one per worker: the
      // injector's webhook fails open, so with one replica on a lost node the pods rescheduled
      // from it started without daprd (seen in the node-loss test). Spread by hostname: kind
      // nodes carry no zone label, the chart's default topologyKey
      ha: { enabled: true, replicaCount: 2, topologyKey: 'kubernetes.io/hostname' },
      // the scheduler (jobs, actor reminders) is unused here: pub/sub only. Its 3 etcd members cost
      // ~0.6 of a core on a 2-core machine, and their node-local volumes pin them to nodes
      scheduler: { enabled: false },
      // nor actors (placement): a lost node would otherwise hold its node-local volume for nothing
      actors: { enabled: false },
      // the images are loaded into the nodes: nothing may be pulled
      imagePullPolicy: 'IfNotPresent',
    },
    dapr_operator: conAnotaciones('operator', 'deploymentAnnotations'),
    dapr_sentry: conAnotaciones('sentry', 'deploymentAnnotations'),
    dapr_sidecar_injector: conAnotaciones('injector', 'deploymentAnnotations', {
      sidecarImagePullPolicy: 'IfNotPresent',
    }),
    dapr_placement: conAnotaciones(
      'placement',
      'statefulsetAnnotations',
      almacenamiento === 'memoria' ? { cluster: { forceInMemoryLog: true } } : {},
    ),
    dapr_scheduler: conAnotaciones(
      'scheduler',
      'statefulsetAnnotations',
      almacenamiento === 'memoria' ? { cluster: { inMemoryStorage: true } } : {},
    ),
  };
  // helm get values omits empty maps: leave them out so an unchanged install compares equal
  for (const [k, v] of Object.entries(valores))
    if (v && typeof v === 'object' && !Object.keys(v).length) delete valores[k];
  return valores;
}

interface Release {
  name: string;
  status: string;
  chart: string;
}

function helm(o: OpcionesPlano, args: string[], registro?: string): Promise<string> {
  return ejecutar(o.helm, [...args, '--kube-context', o.contexto], { env: o.env, registro });
}

async function releaseDapr(o: OpcionesPlano): Promise<Release | undefined> {
  const lista = JSON.parse(
    await helm(o, ['list', '-n', ESPACIO_DAPR, '-a', '-o', 'json', '--filter', `^${RELEASE}$`]),
  ) as Release[];
  return lista[0];
}

/** helm upgrade --install, unless the release is deployed with this chart and these values. */
async function instalarChart(
  o: OpcionesPlano,
  chart: string,
  valores: Record<string, unknown>,
): Promise<boolean> {
  const actual = await releaseDapr(o);
  const chartEsperado = `dapr-${sinV(V.dapr)}`;
  if (actual?.status === 'deployed' && actual.chart === chartEsperado) {
    const aplicados = JSON.parse(
      await helm(o, ['get', 'values', RELEASE, '-n', ESPACIO_DAPR, '-o', 'json']),
    ) as unknown;
    if (!diferencias(aplicados ?? {}, valores).length) {
      paso(
        `Dapr ${chartEsperado} already installed with these values (helm release '${RELEASE}' in ${ESPACIO_DAPR})`,
      );
      return false;
    }
  }
  const registro = path.join(asegurarDir(rutasCluster.registros), 'helm-dapr.log');
  // an interrupted helm leaves the release locked in a pending state: undo it first
  if (actual?.status === 'pending-install') {
    paso(`the helm release '${RELEASE}' was left half-installed: uninstalling it first`);
    await helm(o, ['uninstall', RELEASE, '-n', ESPACIO_DAPR, '--wait'], registro);
  } else if (actual?.status.startsWith('pending-')) {
    paso(`the helm release '${RELEASE}' was left ${actual.status}: rolling it back first`);
    await helm(o, ['rollback', RELEASE, '-n', ESPACIO_DAPR, '--wait'], registro);
  }
  const archivoValores = path.join(asegurarDir(rutasCluster.construccion), 'valores-dapr.yaml');
  fs.writeFileSync(archivoValores, stringify(valores));
  await conProgreso(
    `helm upgrade --install ${RELEASE} (${chartEsperado}) in ${ESPACIO_DAPR} (log: ${registro})`,
    () =>
      helm(
        o,
        [
          'upgrade',
          '--install',
          RELEASE,
          chart,
          '-n',
          ESPACIO_DAPR,
          '--create-namespace',
          // applied (server-side) just before: helm would skip existing CRDs and never upgrade them
          '--skip-crds',
          '-f',
          archivoValores,
          '--wait',
          '--timeout',
          '8m',
        ],
        registro,
      ).catch(async (e: Error) => {
        throw new ErrorEntorno(
          `${e.message}\nPods of ${ESPACIO_DAPR} not Ready:\n${await diagnosticarEspacio(o, ESPACIO_DAPR)}`,
        );
      }),
  );
  return true;
}

/**
 * Builds and loads the images, then installs (or upgrades) the Dapr control plane with its chart
 * and checks it: every dapr-system pod Ready, the CRDs the shared ones, and, after an install or
 * upgrade, a pod annotated dapr.io/enabled getting a daprd sidecar that becomes Ready.
 * Idempotent: on an installed cluster it only checks (a few seconds).
 */
export async function instalarDapr(o: OpcionesPlano & { probarInyeccion?: boolean }): Promise<void> {
  const { chart, crds: archivosCrds } = prepararChartDapr();
  const crds = crdsDeArchivos(archivosCrds);
  compararConCompartidos('dapr', crds, `charts/dapr/crds of ${MODULO}@${V.dapr}`);
  await imagenesDapr(o);
  await conProgreso(`applying the ${crds.length} Dapr CRDs (server-side)`, () =>
    aplicarEnServidor(o, archivosCrds.map((f) => fs.readFileSync(f, 'utf8')).join('\n---\n')),
  );
  const ids = Object.fromEntries(BINARIOS_DAPR.map((b) => [b, idCorto(imagenDapr(b), o.env)]));
  const instalado = await instalarChart(o, chart, valoresDapr(await elegirAlmacenamiento(o), ids));
  // operator, injector, sentry (2 each); scheduler and placement are off (valoresDapr)
  await esperarPodsListos(o, ESPACIO_DAPR, {
    minimo: 6,
    segundos: 300,
    que: `the Dapr control plane (${ESPACIO_DAPR})`,
  });
  await verificarCrdsInstalados(o, 'Dapr', crds);
  if (instalado || o.probarInyeccion) await probarInyeccionDapr(o);
}

const ESPACIO_PRUEBA = 'alpes-prueba-dapr';

/**
 * A Deployment annotated dapr.io/enabled must get a daprd sidecar from the injector, and the
 * sidecar must become Ready (certificate from sentry, components from the operator). The app is
 * the pause image every node holds, so nothing is pulled.
 */
export async function probarInyeccionDapr(o: OpcionesPlano): Promise<void> {
  const espacio = await obtener<{ metadata: { deletionTimestamp?: string } }>(o, [
    'namespace',
    ESPACIO_PRUEBA,
  ]);
  if (espacio?.metadata.deletionTimestamp) {
    await kubectl(o, ['wait', '--for=delete', `namespace/${ESPACIO_PRUEBA}`, '--timeout=120s']);
  }
  const manifiesto = [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ESPACIO_PRUEBA } },
    // a component the operator must hand to the sidecar, as it will hand the chart's pubsub.pulsar
    {
      apiVersion: 'dapr.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'prueba-pubsub', namespace: ESPACIO_PRUEBA },
      spec: { type: 'pubsub.in-memory', version: 'v1', metadata: [] },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'prueba-inyeccion', namespace: ESPACIO_PRUEBA },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'prueba-inyeccion' } },
        template: {
          metadata: {
            labels: { app: 'prueba-inyeccion' },
            annotations: { 'dapr.io/enabled': 'true', 'dapr.io/app-id': 'prueba-inyeccion' },
          },
          spec: {
            containers: [
              { name: 'app', image: `registry.k8s.io/pause:${V.pause}`, imagePullPolicy: 'Never' },
            ],
          },
        },
      },
    },
  ]
    .map((m) => stringify(m))
    .join('---\n');
  await kubectl(o, ['apply', '-f', '-'], manifiesto);
  await esperarPodsListos(o, ESPACIO_PRUEBA, {
    minimo: 1,
    segundos: 180,
    selector: 'app=prueba-inyeccion',
    que: 'a test pod with dapr.io/enabled',
  });
  const pods = await kubectlJson<{
    items: (Pod & { spec: { containers: { name: string; image: string }[] } })[];
  }>(o, ['get', 'pods', '-n', ESPACIO_PRUEBA, '-l', 'app=prueba-inyeccion']);
  const pod = pods.items.find((p) => !p.metadata.deletionTimestamp);
  const daprd = pod?.spec.containers.find((c) => c.name === 'daprd');
  if (!pod || !daprd) {
    const injector = await kubectl(o, [
      'logs',
      '-n',
      ESPACIO_DAPR,
      'deploy/dapr-sidecar-injector',
      '--tail=20',
    ]).catch((e: Error) => e.message);
    throw new ErrorEntorno(
      `the Dapr sidecar injector did not add daprd to a pod annotated dapr.io/enabled (namespace ${ESPACIO_PRUEBA} kept ` +
        `for inspection).\n${pod ? await diagnosticarPod(o, pod) : ''}\nLast lines of the injector:\n${injector}`,
    );
  }
  const metadatos = await consultarDaprd(o, ESPACIO_PRUEBA, pod.metadata.name, '/v1.0/metadata');
  if (!metadatos.startsWith('200') || !metadatos.includes('"prueba-pubsub"')) {
    throw new ErrorEntorno(
      `daprd in ${ESPACIO_PRUEBA}/${pod.metadata.name} did not load the test Component 'prueba-pubsub' from the ` +
        `Dapr operator (namespace kept for inspection). GET /v1.0/metadata: ${metadatos.slice(0, 600)}`,
    );
  }
  paso(
    `daprd sidecar injected (${daprd.image}), Ready, and serving the Component the operator handed it ` +
      `(${ESPACIO_PRUEBA}/${pod.metadata.name})`,
  );
  await kubectl(o, ['delete', 'namespace', ESPACIO_PRUEBA, '--wait=false']);
}
