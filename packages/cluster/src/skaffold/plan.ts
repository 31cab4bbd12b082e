// From a validated skaffold.yaml to what `skaffold run -p <profile>` would do with it: which
// images to build (and their inputDigest tags), which helm releases to install with which values,
// how long to wait, what to forward. It runs no command; it only reads the build contexts to
// compute the tags. Paths in the plan are absolute.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ErrorEntorno } from '@alpes/entorno';
import { etiquetaPorEntradas } from './etiquetas';
import { aplicarPerfiles } from './perfiles';
import { renderizar, variablesDeImagenes, type Variables } from './plantillas';
import { comprobarSoporte, noEmulado } from './soporte';
import type { ArtefactoSkaffold, ConfigSkaffold, Objeto, ReleaseSkaffold, ReenvioSkaffold } from './tipos';

export interface OpcionesPlan {
  /** The folder of skaffold.yaml: its relative paths start there. */
  raiz: string;
  /** `-p` profiles. */
  perfiles: string[];
  /** The current kube context. */
  contexto: string;
  /** The environment templates and activation.env read (skaffold reads the process's). */
  entorno?: Variables;
  /** Replace every release's valuesFiles (e.g. prod-like values instead of the dev ones). */
  archivosValores?: string[];
  /** Values files added after each release's own (later files win). */
  valoresExtra?: string[];
}

export interface PlanArtefacto {
  imagen: string;
  contexto: string;
  dockerfile: string;
  argumentos: Record<string, string>;
  objetivo?: string;
  etiqueta: string;
  /** image:tag, what is built, loaded into the nodes and set in the chart's values. */
  referencia: string;
  /** Files the tag was computed from (relative to the context). */
  archivos: string[];
}

export interface PlanRelease {
  nombre: string;
  chart: string;
  namespace?: string;
  crearNamespace: boolean;
  archivosValores: string[];
  /** --set pairs in skaffold's order: setValues, then setValueTemplates rendered, each sorted by key. */
  set: [string, string][];
  version?: string;
  esperar: boolean;
  construirDependencias: boolean;
}

export interface PlanReenvio {
  tipo: string;
  nombre: string;
  namespace: string;
  puerto: number;
  puertoLocal: number;
  direccion: string;
}

export interface PlanDespliegue {
  perfiles: string[];
  contextoKube: string;
  /** kind cluster name, from the context kind-<name>. */
  clusterKind: string;
  artefactos: PlanArtefacto[];
  releases: PlanRelease[];
  verificacion: { activa: boolean; plazoSegundos: number; tolerarFallos: boolean };
  reenvios: PlanReenvio[];
  /** Where the emulator reaches skaffold's result by other means (printed before starting). */
  avisos: string[];
}

const PLAZO_POR_DEFECTO = 600; // skaffold's default statusCheckDeadlineSeconds

export function planificar(config: ConfigSkaffold, o: OpcionesPlan): PlanDespliegue {
  const entorno = o.entorno ?? {};
  const aplicados = aplicarPerfiles(config, { nombrados: o.perfiles, contexto: o.contexto, entorno });
  const { pipeline, avisos } = comprobarSoporte(aplicados.pipeline);
  const contextoKube = pipeline.deploy.kubeContext || o.contexto;
  if (aplicados.porContexto.length && contextoKube !== o.contexto) {
    throw new ErrorEntorno(
      `profiles ${aplicados.porContexto.join(', ')} were activated by kube-context "${o.contexto}", but the effective ` +
        `kube-context is "${contextoKube}" -- please revise your profiles.activation and deploy.kubeContext configurations`,
    );
  }
  const clusterKind = /^kind-(.+)$/.exec(contextoKube)?.[1];
  if (!clusterKind) {
    throw noEmulado(
      `the kube context "${contextoKube}", which is not a kind cluster's (kind-<name>): images reach the nodes ` +
        'with `kind load`, and pushing them to a registry',
    );
  }
  const artefactos = pipeline.build.artifacts!.map((a, i) => planArtefacto(a, i, o.raiz, entorno));
  const variables: Variables = { ...entorno, ...variablesDeImagenes(artefactos) };
  const releases = pipeline.deploy.helm.releases.map((r, i) => planRelease(r, i, o, variables, entorno));
  return {
    perfiles: aplicados.perfiles,
    contextoKube,
    clusterKind,
    artefactos,
    releases,
    verificacion: {
      activa: pipeline.deploy.statusCheck !== false,
      plazoSegundos: pipeline.deploy.statusCheckDeadlineSeconds || PLAZO_POR_DEFECTO,
      tolerarFallos: pipeline.deploy.tolerateFailuresUntilDeadline === true,
    },
    reenvios: (pipeline.portForward ?? []).map((r, i) => planReenvio(r, i, entorno)),
    avisos,
  };
}

function planArtefacto(a: ArtefactoSkaffold, i: number, raiz: string, entorno: Variables): PlanArtefacto {
  const donde = `build.artifacts[${i}]`;
  const contexto = path.resolve(raiz, a.context ?? '.');
  if (!fs.existsSync(contexto))
    throw new ErrorEntorno(`${donde} (${a.image}): context ${contexto} does not exist`);
  const dockerfile = rutaDockerfile(raiz, contexto, a.docker?.dockerfile ?? 'Dockerfile');
  if (!fs.existsSync(dockerfile))
    throw new ErrorEntorno(`${donde} (${a.image}): Dockerfile ${dockerfile} does not exist`);
  const argumentos: Record<string, string> = {};
  for (const [clave, valor] of Object.entries(a.docker?.buildArgs ?? {})) {
    argumentos[clave] = renderizar(String(valor), entorno, `${donde}.docker.buildArgs.${clave}`);
  }
  const objetivo = a.docker?.target || undefined;
  const { etiqueta, archivos } = etiquetaPorEntradas({ contexto, dockerfile, argumentos, objetivo });
  return {
    imagen: a.image,
    contexto,
    dockerfile,
    argumentos,
    objetivo,
    etiqueta,
    referencia: `${a.image}:${etiqueta}`,
    archivos,
  };
}

/** NormalizeDockerfilePath: relative to the context, else to skaffold.yaml's folder. */
function rutaDockerfile(raiz: string, contexto: string, dockerfile: string): string {
  const enContexto = path.resolve(contexto, dockerfile);
  if (!fs.existsSync(enContexto) && fs.existsSync(path.resolve(raiz, dockerfile)))
    return path.resolve(raiz, dockerfile);
  return enContexto;
}

function planRelease(
  r: ReleaseSkaffold,
  i: number,
  o: OpcionesPlan,
  variables: Variables,
  entorno: Variables,
): PlanRelease {
  const donde = `deploy.helm.releases[${i}]`;
  const propios = (r.valuesFiles ?? []).map((v, j) => renderizar(v, variables, `${donde}.valuesFiles[${j}]`));
  const archivosValores = [...(o.archivosValores ?? propios), ...(o.valoresExtra ?? [])].map((v) =>
    path.resolve(o.raiz, v),
  );
  for (const archivo of archivosValores) {
    if (!fs.existsSync(archivo))
      throw new ErrorEntorno(`${donde} (${r.name}): values file ${archivo} does not exist`);
  }
  const chart = path.resolve(o.raiz, r.chartPath!);
  if (!fs.existsSync(path.join(chart, 'Chart.yaml'))) {
    throw new ErrorEntorno(`${donde} (${r.name}): chartPath ${chart} has no Chart.yaml`);
  }
  const set: [string, string][] = [
    ...aplanar(r.setValues ?? {}, `${donde}.setValues`),
    ...aplanar(r.setValueTemplates ?? {}, `${donde}.setValueTemplates`).map(([k, v]): [string, string] => [
      renderizar(k, variables, `${donde}.setValueTemplates`),
      renderizar(v, variables, `${donde}.setValueTemplates.${k}`),
    ]),
  ];
  return {
    nombre: renderizar(r.name, entorno, `${donde}.name`),
    chart,
    namespace: r.namespace ? renderizar(r.namespace, entorno, `${donde}.namespace`) : undefined,
    crearNamespace: r.createNamespace === true,
    archivosValores,
    set,
    version: r.version || undefined,
    esperar: r.wait === true,
    construirDependencias: r.skipBuildDependencies !== true,
  };
}

/** util.FlatMap: nested mappings become dotted keys; sorted as skaffold's maps.SortKeys. */
function aplanar(valores: Objeto, donde: string, prefijo = ''): [string, string][] {
  const pares: [string, string][] = [];
  for (const [clave, valor] of Object.entries(valores)) {
    const completa = prefijo ? `${prefijo}.${clave}` : clave;
    if (Array.isArray(valor)) throw noEmulado(`a list in ${donde} ("${completa}")`);
    if (valor !== null && typeof valor === 'object') pares.push(...aplanar(valor as Objeto, donde, completa));
    else pares.push([completa, valor === null || valor === undefined ? '' : String(valor)]);
  }
  return prefijo ? pares : pares.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function planReenvio(r: ReenvioSkaffold, i: number, entorno: Variables): PlanReenvio {
  const donde = `portForward[${i}]`;
  const puerto = r.port as number;
  return {
    tipo: r.resourceType!.toLowerCase(),
    nombre: renderizar(r.resourceName!, entorno, `${donde}.resourceName`),
    namespace: renderizar(r.namespace!, entorno, `${donde}.namespace`),
    puerto,
    puertoLocal: r.localPort || puerto,
    direccion: r.address || '127.0.0.1',
  };
}
