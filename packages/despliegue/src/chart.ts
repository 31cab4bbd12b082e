// Renders charts/alpes-pagos with `helm template` and parses every object it produces.
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { aprovisionarHelm } from '@alpes/entorno';
import { raizRepositorio, rutasChart } from './raiz';

/** A rendered Kubernetes object, as parsed from helm's output. */
export interface ObjetoK8s {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  [campo: string]: unknown;
}

export interface OpcionesRender {
  /** Values files: 'dev', 'prod' or paths; applied in order over the chart's values.yaml. */
  valores?: string[];
  /** --set-string overrides. */
  set?: Record<string, string>;
  nombreRelease?: string;
  namespace?: string;
  raiz?: string;
}

export interface ResultadoHelm {
  codigo: number;
  salida: string;
  errores: string;
}

export const RELEASE_PREDETERMINADA = 'alpes';
export const NAMESPACE_PREDETERMINADO = 'alpes';

export function rutaValores(valor: string, raiz: string = raizRepositorio()): string {
  const rutas = rutasChart(raiz);
  if (valor === 'dev') return rutas.valoresDev;
  if (valor === 'prod') return rutas.valoresProd;
  return path.resolve(raiz, valor);
}

/** Runs helm with the given arguments; never throws on a non-zero exit (callers inspect it). */
export async function ejecutarHelm(args: string[], raiz: string = raizRepositorio()): Promise<ResultadoHelm> {
  const helm = await aprovisionarHelm();
  return new Promise((resolve, reject) => {
    execFile(helm, args, { cwd: raiz, maxBuffer: 64 * 1024 * 1024 }, (error, salida, errores) => {
      if (error && typeof error.code !== 'number') return reject(error);
      resolve({ codigo: error ? Number(error.code) : 0, salida, errores });
    });
  });
}

export function argumentosTemplate(opciones: OpcionesRender = {}): string[] {
  const raiz = opciones.raiz ?? raizRepositorio();
  const args = [
    'template',
    opciones.nombreRelease ?? RELEASE_PREDETERMINADA,
    rutasChart(raiz).chart,
    '--namespace',
    opciones.namespace ?? NAMESPACE_PREDETERMINADO,
  ];
  for (const v of opciones.valores ?? []) args.push('--values', rutaValores(v, raiz));
  for (const [clave, valor] of Object.entries(opciones.set ?? {}))
    args.push('--set-string', `${clave}=${valor}`);
  return args;
}

/** Parses a multi-document YAML stream into objects, failing on any YAML error. */
export function analizarManifiestos(texto: string): ObjetoK8s[] {
  const objetos: ObjetoK8s[] = [];
  for (const documento of parseAllDocuments(texto)) {
    if (documento.errors.length > 0) {
      throw new Error(
        `YAML inválido en la salida de helm: ${documento.errors.map((e) => e.message).join('; ')}`,
      );
    }
    const valor = documento.toJS() as ObjetoK8s | null;
    if (valor !== null) objetos.push(valor);
  }
  return objetos;
}

/** helm template + parse; throws with helm's message when rendering fails. */
export async function renderizar(opciones: OpcionesRender = {}): Promise<ObjetoK8s[]> {
  const r = await ejecutarHelm(argumentosTemplate(opciones), opciones.raiz);
  if (r.codigo !== 0) throw new Error(`helm template falló (código ${r.codigo}):\n${r.errores}`);
  return analizarManifiestos(r.salida);
}
