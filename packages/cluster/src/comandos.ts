import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { ErrorEntorno } from '@alpes/entorno';

export interface OpcionesComando {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Written to stdin. */
  entrada?: string;
  /** Append stdout and stderr here instead of keeping them (long builds). */
  registro?: string;
}

/** Runs a command to its end; resolves its stdout, rejects naming it with the tail of its output. */
export function ejecutar(comando: string, args: string[], opciones: OpcionesComando = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const registro = opciones.registro ? fs.openSync(opciones.registro, 'a') : undefined;
    const hijo = spawn(comando, args, {
      cwd: opciones.cwd,
      env: opciones.env ?? process.env,
      stdio: [opciones.entrada === undefined ? 'ignore' : 'pipe', registro ?? 'pipe', registro ?? 'pipe'],
    });
    let salida = '';
    let errores = '';
    hijo.stdout?.on('data', (d: Buffer) => (salida += d.toString()));
    hijo.stderr?.on('data', (d: Buffer) => (errores = (errores + d.toString()).slice(-8000)));
    if (opciones.entrada !== undefined) hijo.stdin?.end(opciones.entrada);
    hijo.on('error', (e) => reject(new ErrorEntorno(`could not run ${comando}: ${e.message}`)));
    hijo.on('close', (codigo) => {
      if (registro !== undefined) fs.closeSync(registro);
      if (codigo === 0) return resolve(salida);
      const cola = opciones.registro
        ? colaDe(fs.readFileSync(opciones.registro, 'utf8'))
        : colaDe(errores || salida);
      reject(new ErrorEntorno(`${comando} ${args.join(' ')} failed (exit ${codigo}):\n${cola}`));
    });
  });
}

function colaDe(texto: string, lineas = 25): string {
  return texto
    .trimEnd()
    .split('\n')
    .slice(-lineas)
    .map((l) => `    ${l}`)
    .join('\n');
}
