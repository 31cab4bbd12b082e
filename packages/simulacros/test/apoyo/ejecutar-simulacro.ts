// Runs the drill command line (`node dist/src/main.js <drill> ...`) as an operator or CI would, and
// reads back the report it wrote.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Informe } from '../../src/informe/modelo';

const MAIN = path.resolve(__dirname, '..', '..', 'src', 'main.js');

export interface ResultadoSimulacro {
  codigo: number;
  stdout: string;
  stderr: string;
  /** The JSON report the drill wrote (its path is in the summary on stdout). */
  informe?: Informe;
  html?: string;
}

export function ejecutarSimulacro(nombre: string, args: string[]): Promise<ResultadoSimulacro> {
  return new Promise((resolver) => {
    const hijo = spawn(process.execPath, [MAIN, nombre, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    hijo.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    hijo.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    hijo.once('close', (codigo, senal) => {
      const html = /informe: (\S+\.html)/.exec(stdout)?.[1];
      const json = /^\s+(\S+\.json)\s*$/m.exec(stdout)?.[1];
      const informe =
        json && fs.existsSync(json) ? (JSON.parse(fs.readFileSync(json, 'utf8')) as Informe) : undefined;
      resolver({ codigo: codigo ?? (senal ? 128 : 1), stdout, stderr, informe, html });
    });
  });
}
