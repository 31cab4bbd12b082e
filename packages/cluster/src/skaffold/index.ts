// `npm run cluster -- deploy`: what `skaffold run -p <profile>` does with skaffold.yaml, since
// skaffold itself cannot be obtained from the package registries. Validate against skaffold's
// schema, apply the profiles, plan (inputDigest tags, helm values), build, kind load, helm upgrade
// --install, status check, and (unless told not to) the port forwards, kept alive until stopped.
import * as path from 'node:path';
import { rutasCluster } from '../rutas';
import type { EjecutorComandos } from './ejecutor';
import {
  cargarEnKind,
  construirImagenes,
  instalarReleases,
  type ContextoEjecucion,
  type ImagenConstruida,
} from './ejecutar';
import { leerSkaffold } from './leer';
import { planificar, type PlanDespliegue } from './plan';
import { informeEstandar, segundosDesde, type Informe } from './progreso';
import { iniciarReenvios, type OpcionesReenvios, type ReenviosActivos } from './reenvios';
import { verificarEstado } from './verificacion';

export { ejecutorDeProcesos, type EjecutorComandos, type ProcesoLanzado } from './ejecutor';
export { argumentosBuild, argumentosHelm, type Binarios } from './ejecutar';
export { interpretarSkaffold, leerSkaffold } from './leer';
export type { PlanArtefacto, PlanDespliegue, PlanRelease, PlanReenvio } from './plan';
export type { ReenviosActivos, ReenvioActivo } from './reenvios';

export interface OpcionesPlanSkaffold {
  /** The repository root (skaffold.yaml's folder). */
  raiz: string;
  /** `-p`: one profile or a comma-separated list, as skaffold takes it (`kind`). */
  perfil: string;
  /** The current kube context (`kind-alpes`): activates profiles and is the default deploy context. */
  contexto: string;
  /** Replace the releases' valuesFiles (the prod-like values instead of skaffold's dev ones). */
  archivosValores?: string[];
  /** Values files added after the releases' own. */
  valoresExtra?: string[];
  /** Environment for templates and activation.env; defaults to process.env. */
  entornoPlantillas?: Record<string, string | undefined>;
}

export interface OpcionesDespliegue extends OpcionesPlanSkaffold {
  ejecutor: EjecutorComandos;
  /** Keep the port forwards running (false in CI tests that only need the deploy). */
  reenviar: boolean;
  /** Paths of the tools the lead provisions; docker defaults to `docker` on PATH. */
  binarios: { kind: string; helm: string; kubectl: string; docker?: string };
  /** Environment of every command: DOCKER_HOST of the project's engine, KUBECONFIG, PATH. */
  entorno?: NodeJS.ProcessEnv;
  /** Folder for the docker build logs (default: the tools' log folder). */
  registros?: string;
  informar?: Informe;
  /** Intervals, shortened by the unit tests. */
  tiempos?: { latidoMs?: number; sondeoMs?: number; esperaRelanzarMs?: number };
  puertoLibre?: OpcionesReenvios['puertoLibre'];
}

export interface ResultadoDespliegue {
  plan: PlanDespliegue;
  imagenes: ImagenConstruida[];
  /** Present when `reenviar`: call detener() to stop them. */
  reenvios?: ReenviosActivos;
  segundos: number;
}

/** skaffold.yaml validated and planned: nothing runs (CI's check, and `deploy --plan`). */
export function planDesdeSkaffold(o: OpcionesPlanSkaffold): PlanDespliegue {
  return planificar(leerSkaffold(o.raiz), {
    raiz: o.raiz,
    perfiles: o.perfil
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean),
    contexto: o.contexto,
    entorno: o.entornoPlantillas ?? process.env,
    archivosValores: o.archivosValores,
    valoresExtra: o.valoresExtra,
  });
}

export async function desplegarComoSkaffold(o: OpcionesDespliegue): Promise<ResultadoDespliegue> {
  const inicio = Date.now();
  const informar = o.informar ?? informeEstandar;
  const plan = planDesdeSkaffold(o);
  describirPlan(plan, o.raiz, informar);
  const c: ContextoEjecucion = {
    plan,
    ejecutor: o.ejecutor,
    binarios: { docker: 'docker', ...o.binarios },
    entorno: o.entorno ?? process.env,
    raiz: o.raiz,
    registros: o.registros ?? rutasCluster.registros,
    informar,
    latidoMs: o.tiempos?.latidoMs,
  };
  const imagenes = await construirImagenes(c);
  await cargarEnKind(c);
  await instalarReleases(c);
  await verificarEstado(c, { sondeoMs: o.tiempos?.sondeoMs });
  const reenvios = o.reenviar
    ? await iniciarReenvios(c, { puertoLibre: o.puertoLibre, esperaMs: o.tiempos?.esperaRelanzarMs })
    : undefined;
  informar(`✓ deployed as \`skaffold run -p ${o.perfil}\` would (${segundosDesde(inicio)})`);
  return { plan, imagenes, reenvios, segundos: (Date.now() - inicio) / 1000 };
}

function describirPlan(plan: PlanDespliegue, raiz: string, informar: Informe): void {
  informar(`skaffold.yaml: profiles [${plan.perfiles.join(', ')}], kube context ${plan.contextoKube}`);
  for (const aviso of plan.avisos) informar(`  note: ${aviso}`);
  informar('Tags used in deployment:');
  for (const a of plan.artefactos)
    informar(` - ${a.imagen} -> ${a.referencia} (${a.archivos.length} input files)`);
  for (const r of plan.releases) {
    informar(
      `Release ${r.nombre}: chart ${path.relative(raiz, r.chart)}, namespace ${r.namespace ?? 'default'}, ` +
        `values ${r.archivosValores.map((v) => path.relative(raiz, v)).join(', ') || 'none'}, ${r.set.length} --set`,
    );
  }
}
