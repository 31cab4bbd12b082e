// The build and deploy steps of `skaffold run` for a plan: docker build (skipped when image:tag
// is already in the engine, skaffold's cache), kind load, helm dependency build + upgrade --install.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { EjecutorComandos } from './ejecutor';
import type { PlanArtefacto, PlanDespliegue, PlanRelease } from './plan';
import { nombreEnPlantilla } from './plantillas';
import { conTiempo, type Informe } from './progreso';

export interface Binarios {
  docker: string;
  kind: string;
  helm: string;
  kubectl: string;
}

export interface ContextoEjecucion {
  plan: PlanDespliegue;
  ejecutor: EjecutorComandos;
  binarios: Binarios;
  /** Environment of every command (DOCKER_HOST, KUBECONFIG, PATH). */
  entorno: NodeJS.ProcessEnv;
  /** Working directory (skaffold.yaml's folder). */
  raiz: string;
  /** Folder for the build logs. */
  registros: string;
  informar: Informe;
  latidoMs?: number;
}

export interface ImagenConstruida {
  imagen: string;
  referencia: string;
  /** false when image:tag was already in the engine. */
  construida: boolean;
}

/** `docker build` arguments, as skaffold's docker CLI builder passes them. */
export function argumentosBuild(a: PlanArtefacto): string[] {
  const args = ['build', '-f', a.dockerfile, '-t', a.referencia];
  for (const clave of Object.keys(a.argumentos).sort())
    args.push('--build-arg', `${clave}=${a.argumentos[clave]}`);
  if (a.objetivo) args.push('--target', a.objetivo);
  return [...args, a.contexto];
}

export function argumentosHelm(r: PlanRelease, contextoKube: string): string[] {
  const args = ['upgrade', '--install', r.nombre, r.chart];
  if (r.namespace) args.push('--namespace', r.namespace);
  if (r.crearNamespace) args.push('--create-namespace');
  if (r.version) args.push('--version', r.version);
  for (const v of r.archivosValores) args.push('-f', v);
  for (const [clave, valor] of r.set) args.push('--set', `${clave}=${valor}`);
  return [...args, '--kube-context', contextoKube, r.esperar ? '--wait' : '--wait=false'];
}

/** Builds the plan's images one at a time (2-core machines; skaffold.yaml asks concurrency 1). */
export async function construirImagenes(c: ContextoEjecucion): Promise<ImagenConstruida[]> {
  const resultado: ImagenConstruida[] = [];
  fs.mkdirSync(c.registros, { recursive: true });
  for (const a of c.plan.artefactos) {
    if (await existeImagen(c, a.referencia)) {
      c.informar(`✓ ${a.referencia} is already in the engine (skaffold's cache): not rebuilt`);
      resultado.push({ imagen: a.imagen, referencia: a.referencia, construida: false });
      continue;
    }
    const registro = path.join(c.registros, `skaffold-build-${nombreEnPlantilla(a.imagen)}.log`);
    await conTiempo(
      c.informar,
      `building ${a.referencia} (docker build, legacy builder; log ${registro})`,
      () =>
        c.ejecutor.ejecutar(c.binarios.docker, argumentosBuild(a), {
          env: { ...c.entorno, DOCKER_BUILDKIT: '0' },
          cwd: c.raiz,
          registro,
        }),
      c.latidoMs,
    );
    resultado.push({ imagen: a.imagen, referencia: a.referencia, construida: true });
  }
  return resultado;
}

async function existeImagen(c: ContextoEjecucion, referencia: string): Promise<boolean> {
  try {
    await c.ejecutor.ejecutar(c.binarios.docker, ['image', 'inspect', '--format', '{{.Id}}', referencia], {
      env: c.entorno,
    });
    return true;
  } catch (e) {
    if (/no such (image|object)/i.test((e as Error).message)) return false;
    throw e;
  }
}

/** kind load docker-image: kind skips the nodes that already hold that image ID. */
export async function cargarEnKind(c: ContextoEjecucion): Promise<void> {
  for (const a of c.plan.artefactos) {
    await conTiempo(
      c.informar,
      `loading ${a.referencia} into the nodes of kind cluster ${c.plan.clusterKind}`,
      () =>
        c.ejecutor.ejecutar(
          c.binarios.kind,
          ['load', 'docker-image', a.referencia, '--name', c.plan.clusterKind],
          {
            env: c.entorno,
          },
        ),
      c.latidoMs,
    );
  }
}

export async function instalarReleases(c: ContextoEjecucion): Promise<void> {
  for (const r of c.plan.releases) {
    if (r.construirDependencias) {
      // skaffold runs it for every local chart unless skipBuildDependencies; a chart without dependencies is a no-op
      await c.ejecutor.ejecutar(c.binarios.helm, ['dependency', 'build', r.chart], {
        env: c.entorno,
        cwd: c.raiz,
      });
    }
    await conTiempo(
      c.informar,
      `helm upgrade --install ${r.nombre} (namespace ${r.namespace ?? 'default'}; values ${r.archivosValores
        .map((v) => path.relative(c.raiz, v))
        .join(', ')})`,
      () =>
        c.ejecutor.ejecutar(c.binarios.helm, argumentosHelm(r, c.plan.contextoKube), {
          env: c.entorno,
          cwd: c.raiz,
        }),
      c.latidoMs,
    );
  }
}
