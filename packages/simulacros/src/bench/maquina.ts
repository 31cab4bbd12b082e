// What the figures ran on: cores, CPU model, memory, kernel, load, and the versions of the stack.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as os from 'node:os';
import { VERSIONES } from '@alpes/entorno';
import { Client } from 'pg';

export interface Maquina {
  nucleos: number;
  modelo: string;
  memoriaGiB: number;
  kernel: string;
  versiones: { node: string; postgres: string; dapr: string; pulsar: string; grpcJs: string };
}

/** The load average (1, 5, 15 min), as `uptime` shows it. */
export function carga(): [number, number, number] {
  const [a, b, c] = os.loadavg().map((x) => Math.round(x * 100) / 100);
  return [a ?? 0, b ?? 0, c ?? 0];
}

export async function describirMaquina(urlPostgres: string): Promise<Maquina> {
  let modelo = os.cpus()[0]?.model ?? 'desconocido';
  try {
    const linea = fs
      .readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'));
    if (linea) modelo = linea.split(':')[1]!.trim();
  } catch {
    // not Linux: os.cpus() said it
  }
  const cliente = new Client({ connectionString: urlPostgres });
  await cliente.connect();
  const postgres = ((await cliente.query('SHOW server_version')).rows[0] as { server_version: string })
    .server_version;
  await cliente.end();
  return {
    nucleos: os.cpus().length,
    modelo,
    memoriaGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    kernel: `${os.type()} ${os.release()}`,
    versiones: {
      node: process.version,
      postgres,
      dapr: VERSIONES.dapr,
      pulsar: VERSIONES.pulsar,
      grpcJs: versionDe('@grpc/grpc-js'),
    },
  };
}

/** The installed version of a package (read from its package.json next to its entry point). */
function versionDe(paquete: string): string {
  let dir = path.dirname(require.resolve(paquete));
  while (!fs.existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  return (JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string }).version;
}
