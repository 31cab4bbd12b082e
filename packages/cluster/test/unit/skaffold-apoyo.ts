// Shared by the skaffold emulator's unit tests: the repository root, temporary folders, and a
// command runner that records what it is asked and answers from a script (no Docker, no cluster).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse, stringify } from 'yaml';
import { RAIZ_REPO } from '@alpes/entorno';
import type { EjecutorComandos, OpcionesOrden, ProcesoLanzado } from '../../src/skaffold/ejecutor';

export const RAIZ = RAIZ_REPO;

export const textoRepo = () => fs.readFileSync(path.join(RAIZ, 'skaffold.yaml'), 'utf8');

/** The repository's skaffold.yaml with `cambio` applied to its parsed form (YAML out). */
export function variante(cambio: (config: ReturnType<typeof parse>) => void): string {
  const config = parse(textoRepo());
  cambio(config);
  return stringify(config);
}

const temporales: string[] = [];
process.on('exit', () => temporales.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

export function carpetaTemporal(prefijo = 'skaffold-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefijo));
  temporales.push(dir);
  return dir;
}

/** Writes files (relative path → contents) under `raiz`. */
export function escribir(raiz: string, archivos: Record<string, string>): void {
  for (const [relativa, contenido] of Object.entries(archivos)) {
    fs.mkdirSync(path.dirname(path.join(raiz, relativa)), { recursive: true });
    fs.writeFileSync(path.join(raiz, relativa), contenido);
  }
}

export interface Llamada {
  comando: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  registro?: string;
  lanzada: boolean;
}

/** What a launched command does: print lines, then exit with a code or stay alive until stopped. */
export interface Guion {
  lineas?: string[];
  codigo?: number | null;
  vivo?: boolean;
}

export class EjecutorFalso implements EjecutorComandos {
  llamadas: Llamada[] = [];
  detenidos = 0;

  constructor(
    private readonly responder: (l: Llamada) => string | Error = () => '',
    private readonly guion: (l: Llamada, vez: number) => Guion = () => ({ codigo: 0 }),
  ) {}

  async ejecutar(comando: string, args: string[], o: OpcionesOrden = {}): Promise<string> {
    const llamada: Llamada = { comando, args, env: o.env, cwd: o.cwd, registro: o.registro, lanzada: false };
    this.llamadas.push(llamada);
    const respuesta = this.responder(llamada);
    if (respuesta instanceof Error) throw respuesta;
    return respuesta;
  }

  lanzar(
    comando: string,
    args: string[],
    o: OpcionesOrden & { alLinea?: (l: string) => void } = {},
  ): ProcesoLanzado {
    const llamada: Llamada = { comando, args, env: o.env, cwd: o.cwd, lanzada: true };
    const vez = this.llamadas.filter((l) => l.lanzada && l.args.join(' ') === args.join(' ')).length;
    this.llamadas.push(llamada);
    const g = this.guion(llamada, vez);
    let terminar!: (c: number | null) => void;
    const fin = new Promise<number | null>((r) => (terminar = r));
    setImmediate(() => {
      for (const l of g.lineas ?? []) o.alLinea?.(l);
      if (!g.vivo) terminar(g.codigo ?? 0);
    });
    return {
      fin,
      detener: () => {
        this.detenidos++;
        terminar(null);
      },
    };
  }

  /** The calls as command lines, for exact comparisons. */
  lineas(): string[] {
    return this.llamadas.map((l) => [l.comando, ...l.args].join(' '));
  }
}

export const BINARIOS = { docker: 'docker', kind: '/h/kind', helm: '/h/helm', kubectl: '/h/kubectl' };
