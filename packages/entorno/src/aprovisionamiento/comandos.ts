import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { ErrorEntorno } from '../errores';

/** Fails with an actionable message when a tool that provisioning needs is missing. */
export function exigirHerramienta(comando: string, paraQue: string, comoInstalar: string): void {
  const r = spawnSync(comando, ['version'], { stdio: 'ignore' });
  const r2 = r.error ? spawnSync(comando, ['-version'], { stdio: 'ignore' }) : r;
  if (r2.error) {
    throw new ErrorEntorno(
      `'${comando}' was not found on PATH; it is needed ${paraQue}. Install it: ${comoInstalar}`,
    );
  }
}

/** The Go every tool built from the module proxy needs: the highest `go` line of their go.mod (helm's). */
export const GO_MINIMO = '1.26';

/** Fails with the same actionable message wherever a tool is built with Go. */
export function exigirGo(paraQue: string, alternativa = ''): void {
  exigirHerramienta('go', paraQue, `Go >= ${GO_MINIMO} (https://go.dev/doc/install)${alternativa}`);
}

/** Runs a build step, its output into a log file; on failure shows the log's tail. */
export function ejecutarConRegistro(
  comando: string,
  args: string[],
  opciones: { cwd: string; registro: string; env?: NodeJS.ProcessEnv },
): Promise<void> {
  return new Promise((resolve, reject) => {
    const salida = fs.openSync(opciones.registro, 'a');
    const hijo = spawn(comando, args, {
      cwd: opciones.cwd,
      env: { ...process.env, ...opciones.env },
      stdio: ['ignore', salida, salida],
    });
    hijo.on('error', (e) => reject(new ErrorEntorno(`could not run ${comando}: ${e.message}`)));
    hijo.on('exit', (codigo) => {
      fs.closeSync(salida);
      if (codigo === 0) return resolve();
      reject(
        new ErrorEntorno(
          `${comando} ${args.join(' ')} failed (exit ${codigo}). Last lines of ${opciones.registro}:\n` +
            colaDeArchivo(opciones.registro, 25),
        ),
      );
    });
  });
}

export function colaDeArchivo(archivo: string, lineas: number): string {
  if (!fs.existsSync(archivo)) return '(no log)';
  const texto = fs.readFileSync(archivo, 'utf8').trimEnd().split('\n');
  return texto
    .slice(-lineas)
    .map((l) => `    ${l}`)
    .join('\n');
}
