// Shared by the deployment tests: each values file is rendered once and reused.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { ObjetoK8s, OpcionesRender, renderizar } from '../src/chart';
import { aprovisionarHelm } from '@alpes/entorno';

// Root hook (every file here imports this module): helm is built once, before any test, with a
// timeout for a cold `go build` (minutes on 2 cores) instead of the per-test one.
before(async function () {
  this.timeout(30 * 60 * 1000);
  await aprovisionarHelm();
});

export const ARCHIVOS_VALORES = ['dev', 'prod'] as const;
export type ArchivoValores = (typeof ARCHIVOS_VALORES)[number];

const renders = new Map<string, Promise<ObjetoK8s[]>>();

/** The chart rendered with valores-<archivo>.yaml (cached per file). */
export function render(archivo: ArchivoValores): Promise<ObjetoK8s[]> {
  let r = renders.get(archivo);
  if (!r) {
    r = renderizar({ valores: [archivo] });
    renders.set(archivo, r);
  }
  return r;
}

export function renderCon(opciones: OpcionesRender): Promise<ObjetoK8s[]> {
  return renderizar(opciones);
}

/** The one object of a kind and name; fails the test when absent or repeated. */
export function unico(objetos: ObjetoK8s[], kind: string, nombre?: string): ObjetoK8s {
  const hallados = objetos.filter(
    (o) => o.kind === kind && (nombre === undefined || o.metadata.name === nombre),
  );
  if (hallados.length !== 1) {
    throw new Error(`se esperaba un ${kind}${nombre ? `/${nombre}` : ''} y hay ${hallados.length}`);
  }
  return hallados[0]!;
}

export function todos(objetos: ObjetoK8s[], kind: string): ObjetoK8s[] {
  return objetos.filter((o) => o.kind === kind);
}

/** Writes a throwaway values file and returns its path. */
export function archivoValoresTemporal(valores: unknown): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alpes-valores-'));
  const ruta = path.join(dir, 'valores.yaml');
  fs.writeFileSync(ruta, stringify(valores));
  return ruta;
}

// Typed views over the parts of rendered objects the tests read.
export interface Contenedor {
  name: string;
  image: string;
  args?: string[];
  env?: { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }[];
  ports?: { name?: string; containerPort: number }[];
  readinessProbe?: { grpc?: { port: number } };
  livenessProbe?: { grpc?: { port: number } };
  startupProbe?: { grpc?: { port: number } };
  securityContext?: {
    runAsNonRoot?: boolean;
    readOnlyRootFilesystem?: boolean;
    allowPrivilegeEscalation?: boolean;
    capabilities?: { drop?: string[] };
  };
}

export interface PlantillaPod {
  metadata?: { annotations?: Record<string, string>; labels?: Record<string, string> };
  spec: {
    containers: Contenedor[];
    securityContext?: { runAsNonRoot?: boolean; runAsUser?: number; seccompProfile?: { type: string } };
  };
}

export function plantillaPod(objeto: ObjetoK8s): PlantillaPod {
  return (objeto.spec as { template: PlantillaPod }).template;
}

export function env(contenedor: Contenedor, nombre: string) {
  return contenedor.env?.find((e) => e.name === nombre);
}

/** Port the gRPC probes must use: the API port, or with TLS its plaintext health twin (PUERTO_SALUD_PLANO). */
export function puertoSondas(contenedor: Contenedor): number {
  const plano = env(contenedor, 'PUERTO_SALUD_PLANO')?.value;
  return plano ? Number(plano) : contenedor.ports!.find((p) => p.name === 'grpc')!.containerPort;
}

export interface Trigger {
  type: string;
  name?: string;
  metadata: Record<string, string>;
}
