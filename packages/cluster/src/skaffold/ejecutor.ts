// The commands the emulator issues go through this interface, so the unit tests can record them
// (and script their answers) without Docker or a cluster.
import { spawn } from 'node:child_process';
import { ErrorEntorno } from '@alpes/entorno';
import { ejecutar } from '../comandos';

export interface OpcionesOrden {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Append the command's output to this file instead of keeping it (long builds). */
  registro?: string;
}

export interface ProcesoLanzado {
  /** Resolves with the exit code (null when killed by a signal); never rejects. */
  readonly fin: Promise<number | null>;
  /** Stops it (SIGTERM); `fin` resolves afterwards. */
  detener(): void;
}

export interface EjecutorComandos {
  /** Runs to the end; resolves stdout; rejects with an ErrorEntorno naming the command and its output's tail. */
  ejecutar(comando: string, args: string[], opciones?: OpcionesOrden): Promise<string>;
  /** Starts a long-lived command (rollout status, port-forward); `alLinea` receives its stdout and stderr lines. */
  lanzar(
    comando: string,
    args: string[],
    opciones?: OpcionesOrden & { alLinea?: (linea: string) => void },
  ): ProcesoLanzado;
}

/** The real one: child processes. */
export const ejecutorDeProcesos: EjecutorComandos = {
  ejecutar: (comando, args, opciones = {}) => ejecutar(comando, args, opciones),
  lanzar(comando, args, opciones = {}) {
    const hijo = spawn(comando, args, {
      cwd: opciones.cwd,
      env: opciones.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let resto = '';
    const leer = (d: Buffer) => {
      const texto = resto + d.toString();
      const lineas = texto.split('\n');
      resto = lineas.pop() ?? '';
      for (const l of lineas) if (l.trim()) opciones.alLinea?.(l.trimEnd());
    };
    hijo.stdout.on('data', leer);
    hijo.stderr.on('data', leer);
    const fin = new Promise<number | null>((resolve) => {
      hijo.on('error', (e) => {
        opciones.alLinea?.(new ErrorEntorno(`could not run ${comando}: ${e.message}`).message);
        resolve(127);
      });
      const terminar = (codigo: number | null) => {
        if (resto.trim()) opciones.alLinea?.(resto.trimEnd());
        resto = '';
        resolve(codigo);
      };
      hijo.on('close', terminar);
      // a grandchild holding the pipes open must not keep `fin` waiting once the process is gone
      hijo.on('exit', (codigo) => setTimeout(() => terminar(codigo), 2000).unref());
    });
    return {
      fin,
      detener: () => {
        if (hijo.exitCode === null && hijo.signalCode === null) hijo.kill('SIGTERM');
      },
    };
  },
};
