// The project's own Docker engine: Debian's docker.io, started with its own data root, exec root
// and socket under the tools folder, so it needs no systemd and never touches a Docker the user
// already runs. Every docker, kind and image command of the cluster goes through DOCKER_HOST.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { asegurarDir, colaDeArchivo, conProgreso, ErrorEntorno, paso } from '@alpes/entorno';
import { ejecutar } from './comandos';
import { rutasCluster } from './rutas';

const socket = () => path.join(rutasCluster.docker, 'docker.sock');
const archivoPid = () => path.join(rutasCluster.docker, 'dockerd.pid');
const registro = () => path.join(rutasCluster.docker, 'dockerd.log');

export function entornoDocker(): NodeJS.ProcessEnv {
  return { ...process.env, DOCKER_HOST: `unix://${socket()}` };
}

export function motorResponde(): boolean {
  const r = spawnSync('docker', ['version', '--format', '{{.Server.Version}}'], {
    env: entornoDocker(),
    stdio: 'ignore',
    timeout: 10_000,
  });
  return r.status === 0;
}

let arrancadoAhora = false;

/** True when this process started the engine (containers it restarted by themselves are stale). */
export function motorArrancadoAhora(): boolean {
  return arrancadoAhora;
}

/** The engine answering on the project's socket; installs and starts it when it does not. */
export async function asegurarDocker(): Promise<NodeJS.ProcessEnv> {
  if (motorResponde()) return entornoDocker();
  arrancadoAhora = true;
  await instalarDockerSiFalta();
  asegurarDir(rutasCluster.docker);
  fs.rmSync(socket(), { force: true });
  await conProgreso(`starting the Docker engine (socket ${socket()})`, async () => {
    const log = fs.openSync(registro(), 'a');
    const hijo = spawn(
      'dockerd',
      [
        '--data-root',
        path.join(rutasCluster.docker, 'datos'),
        '--exec-root',
        path.join(rutasCluster.docker, 'ejecucion'),
        '-H',
        `unix://${socket()}`,
        '--pidfile',
        archivoPid(),
      ],
      { detached: true, stdio: ['ignore', log, log] },
    );
    hijo.unref(); // the engine outlives this command: the cluster lives in it
    const limite = Date.now() + 60_000;
    while (!motorResponde()) {
      if (hijo.exitCode !== null || Date.now() > limite) {
        throw new ErrorEntorno(
          `the Docker engine did not start (log ${registro()}). It needs root and a kernel with ` +
            `overlayfs and cgroups. Last lines:\n${colaDeArchivo(registro(), 20)}`,
        );
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  });
  return entornoDocker();
}

async function instalarDockerSiFalta(): Promise<void> {
  const faltan = ['dockerd', 'docker'].filter((b) => spawnSync('which', [b]).status !== 0);
  if (!faltan.length) return;
  if (process.getuid?.() !== 0) {
    throw new ErrorEntorno(
      `${faltan.join(' and ')} not found. Install Debian's engine (as root: apt-get install docker.io), then run this again.`,
    );
  }
  await conProgreso('installing the Docker engine (apt-get install docker.io)', async () => {
    const log = path.join(asegurarDir(rutasCluster.registros), 'apt-docker.log');
    await ejecutar('apt-get', ['update'], { registro: log });
    await ejecutar('apt-get', ['install', '-y', '--no-install-recommends', 'docker.io'], {
      registro: log,
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  });
}

/** Stops the engine this project started (its containers stop with it). */
export async function detenerDocker(): Promise<void> {
  if (!fs.existsSync(archivoPid())) return;
  const pid = Number(fs.readFileSync(archivoPid(), 'utf8'));
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return; // already gone
  }
  const limite = Date.now() + 30_000;
  while (Date.now() < limite) {
    try {
      process.kill(pid, 0);
    } catch {
      paso('Docker engine stopped');
      return;
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new ErrorEntorno(`the Docker engine (pid ${pid}) did not stop within 30 s`);
}
