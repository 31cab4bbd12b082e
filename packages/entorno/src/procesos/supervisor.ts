import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { colaDeArchivo } from '../aprovisionamiento/comandos';
import { ErrorEntorno } from '../errores';
import { paso } from '../progreso';
import { asegurarDir } from '../rutas';
import { descendientes } from './descendientes';
import { exigirPuertoLibre } from './puerto-libre';

export interface DefinicionProceso {
  /** Unique name, e.g. 'pulsar', 'daprd-pagos'; also the log file name. */
  nombre: string;
  comando: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  uid?: number;
  gid?: number;
  /** Ports it listens on, checked free before it starts (with their use for the error message). */
  puertos: Record<string, number>;
  /** Readiness probe, polled until true. */
  listo: () => Promise<boolean>;
  tiempoMaximoArranqueMs: number;
}

interface Estado {
  definicion: DefinicionProceso;
  hijo?: ChildProcess;
  salida?: Promise<void>;
  /** Stopped by pausar() and not yet resumed. */
  pausado?: boolean;
  listoDesde?: number;
}

const INTERVALO_SONDEO_MS = 200;
const GRACIA_PARADA_MS = 15_000;

/**
 * Starts local processes in their own process groups, waits until each answers its readiness
 * probe, and stops them all (reverse order) on request. A pid file lets the next run clean up
 * what a crashed run (kill -9 of the supervisor) left behind.
 */
export class Supervisor {
  private readonly procesos = new Map<string, Estado>();
  private readonly archivoPids: string;

  /** `ambito` names this supervisor's pid file, so a test run never kills what `npm start` runs. */
  constructor(
    private readonly dirRegistros: string,
    ambito: string,
  ) {
    asegurarDir(dirRegistros);
    this.archivoPids = path.join(dirRegistros, `procesos-${ambito}.pid.json`);
    limpiarHuerfanos(this.archivoPids);
  }

  registro(nombre: string): string {
    return path.join(this.dirRegistros, `${nombre}.log`);
  }

  async iniciar(definicion: DefinicionProceso): Promise<void> {
    const inicio = Date.now();
    for (const [uso, puerto] of Object.entries(definicion.puertos)) {
      await exigirPuertoLibre(puerto, `${definicion.nombre} ${uso}`);
    }
    const registro = this.registro(definicion.nombre);
    fs.appendFileSync(registro, `\n===== ${new Date().toISOString()} start ${definicion.nombre}\n`);
    const fd = fs.openSync(registro, 'a');
    const hijo = spawn(definicion.comando, definicion.args, {
      cwd: definicion.cwd,
      env: { ...process.env, ...definicion.env },
      uid: definicion.uid,
      gid: definicion.gid,
      detached: true, // own process group: a kill reaches its children too
      stdio: ['ignore', fd, fd],
    });
    fs.closeSync(fd);
    let terminado = false;
    const salida = new Promise<void>((resolve) => {
      hijo.once('exit', () => {
        terminado = true;
        resolve();
      });
      hijo.once('error', () => {
        terminado = true;
        resolve();
      });
    });
    const estado: Estado = { definicion, hijo, salida };
    this.procesos.set(definicion.nombre, estado);
    this.guardarPids();
    while (!(await definicion.listo().catch(() => false))) {
      if (terminado) {
        throw new ErrorEntorno(
          `${definicion.nombre} exited during start (code ${hijo.exitCode ?? hijo.signalCode}). ` +
            `Last lines of ${registro}:\n${colaDeArchivo(registro, 30)}`,
        );
      }
      if (Date.now() - inicio > definicion.tiempoMaximoArranqueMs) {
        await this.detener(definicion.nombre);
        throw new ErrorEntorno(
          `${definicion.nombre} was not ready after ${definicion.tiempoMaximoArranqueMs / 1000} s. ` +
            `Last lines of ${registro}:\n${colaDeArchivo(registro, 30)}`,
        );
      }
      await new Promise((r) => setTimeout(r, INTERVALO_SONDEO_MS));
    }
    estado.listoDesde = Date.now();
    paso(`${definicion.nombre} ready in ${((Date.now() - inicio) / 1000).toFixed(1)} s (log: ${registro})`);
  }

  /** SIGTERM to the group, then SIGKILL after a grace period. */
  async detener(nombre: string): Promise<void> {
    await this.senalar(nombre, 'SIGTERM');
  }

  /** kill -9 of the whole group, as a crash would (drills and restart tests). */
  async matar(nombre: string): Promise<void> {
    await this.senalar(nombre, 'SIGKILL');
  }

  /**
   * SIGSTOP to the process, its group and every descendant (some leave the group: Postgres' backends
   * call setsid()): it keeps its sockets and connections but does nothing, as a stalled dependency
   * would (a test's fault). reanudar() lets it go on; detener() still ends it.
   */
  pausar(nombre: string): void {
    const pid = this.pidVivo(nombre);
    matarGrupo(pid, 'SIGSTOP'); // first, so that it forks nothing more meanwhile
    for (const d of descendientes(pid)) senalarProceso(d, 'SIGSTOP');
    this.exigir(nombre).pausado = true;
  }

  /** SIGCONT to what pausar() stopped: it goes on where it stopped. */
  reanudar(nombre: string): void {
    const pid = this.pidVivo(nombre);
    for (const d of descendientes(pid).reverse()) senalarProceso(d, 'SIGCONT');
    matarGrupo(pid, 'SIGCONT');
    this.exigir(nombre).pausado = false;
  }

  /**
   * Stops `nombre` and starts it again; `variables` are added to its environment for this run only (a
   * test that needs other settings), and the next reiniciar without them starts it as first defined.
   */
  async reiniciar(nombre: string, variables?: Record<string, string>): Promise<void> {
    const { definicion } = this.exigir(nombre);
    await this.detener(nombre);
    try {
      await this.iniciar(
        variables ? { ...definicion, env: { ...definicion.env, ...variables } } : definicion,
      );
    } finally {
      this.exigir(nombre).definicion = definicion;
    }
  }

  estado(nombre: string): { vivo: boolean; pid?: number; listoDesde?: number } {
    const e = this.exigir(nombre);
    const vivo = !!e.hijo && e.hijo.exitCode === null && e.hijo.signalCode === null;
    return { vivo, pid: e.hijo?.pid, listoDesde: e.listoDesde };
  }

  nombres(): string[] {
    return [...this.procesos.keys()];
  }

  async detenerTodo(): Promise<void> {
    for (const nombre of [...this.procesos.keys()].reverse()) {
      await this.detener(nombre);
    }
  }

  private async senalar(nombre: string, senal: NodeJS.Signals): Promise<void> {
    const estado = this.exigir(nombre);
    const { hijo, salida } = estado;
    if (!hijo?.pid || hijo.exitCode !== null || hijo.signalCode !== null) return;
    if (estado.pausado) this.reanudar(nombre); // a stopped process handles SIGTERM only once it runs
    matarGrupo(hijo.pid, senal);
    const plazo = setTimeout(
      () => matarGrupo(hijo.pid!, 'SIGKILL'),
      senal === 'SIGKILL' ? 0 : GRACIA_PARADA_MS,
    );
    await salida;
    clearTimeout(plazo);
    matarGrupo(hijo.pid, 'SIGKILL'); // leftovers of the group, if any
    await esperarGrupoTerminado(hijo.pid);
    estado.listoDesde = undefined;
    this.guardarPids();
  }

  private pidVivo(nombre: string): number {
    const { hijo } = this.exigir(nombre);
    if (!hijo?.pid || hijo.exitCode !== null || hijo.signalCode !== null) {
      throw new ErrorEntorno(`${nombre} is not running`);
    }
    return hijo.pid;
  }

  private exigir(nombre: string): Estado {
    const estado = this.procesos.get(nombre);
    if (!estado) throw new ErrorEntorno(`unknown process '${nombre}' (known: ${this.nombres().join(', ')})`);
    return estado;
  }

  private guardarPids(): void {
    const pids = [...this.procesos.values()]
      .filter((e) => e.hijo?.pid && e.hijo.exitCode === null && e.hijo.signalCode === null)
      .map((e) => ({ nombre: e.definicion.nombre, pid: e.hijo!.pid!, comando: e.definicion.comando }));
    fs.writeFileSync(this.archivoPids, JSON.stringify(pids));
  }
}

function senalarProceso(pid: number, senal: NodeJS.Signals): void {
  try {
    process.kill(pid, senal);
  } catch {
    // already gone
  }
}

function matarGrupo(pid: number, senal: NodeJS.Signals): void {
  try {
    process.kill(-pid, senal);
  } catch {
    // already gone
  }
}

/** Until no process of the group is left (a killed process takes a moment to vanish), at most 5 s. */
async function esperarGrupoTerminado(pid: number): Promise<void> {
  const limite = Date.now() + 5_000;
  while (Date.now() < limite) {
    try {
      process.kill(-pid, 0);
    } catch {
      return; // ESRCH: the group is gone
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Kills process groups a previous, crashed run left behind (only if the pid still runs that command). */
function limpiarHuerfanos(archivo: string): void {
  if (!fs.existsSync(archivo)) return;
  const pids = JSON.parse(fs.readFileSync(archivo, 'utf8')) as {
    nombre: string;
    pid: number;
    comando: string;
  }[];
  for (const { nombre, pid, comando } of pids) {
    try {
      const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (cmdline.includes(path.basename(comando))) {
        paso(`stopping ${nombre} (pid ${pid}) left over by a previous run`);
        matarGrupo(pid, 'SIGKILL');
      }
    } catch {
      // not running any more
    }
  }
  fs.rmSync(archivo, { force: true });
}
