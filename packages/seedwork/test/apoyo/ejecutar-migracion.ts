// Runs test/apoyo/migracion-de-prueba.js as a process with only PATH and `entorno`: its exit code,
// stderr and its JSON log lines.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const PROCESO = path.resolve(__dirname, 'migracion-de-prueba.js');

export interface EjecucionMigracion {
  codigo: number | null;
  stderr: string;
  /** stdout's JSON log lines. */
  lineas: Array<Record<string, unknown>>;
}

export function ejecutarMigracion(entorno: Record<string, string>): EjecucionMigracion {
  const r = spawnSync(process.execPath, [PROCESO], {
    env: { PATH: process.env.PATH, ...entorno },
    encoding: 'utf8',
    timeout: 30_000,
  });
  const lineas = r.stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { codigo: r.status, stderr: r.stderr, lineas };
}
