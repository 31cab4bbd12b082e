import { spawn, type ChildProcess } from 'node:child_process';

export interface Reenvio {
  puerto: number;
  cerrar(): void;
}

/**
 * `kubectl port-forward` to a free local port, relaunched when it exits (a forward dies with the
 * pod it picked, e.g. after a rollout); resolves once kubectl says where it listens.
 */
export function reenviar(kubectl: string[], recurso: string, remoto: number): Promise<Reenvio> {
  let cerrado = false;
  let hijo: ChildProcess | undefined;
  let puerto = 0;
  const lanzar = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const [comando, ...args] = kubectl;
      hijo = spawn(
        comando!,
        [...args, 'port-forward', '--address', '127.0.0.1', recurso, `${puerto || ''}:${remoto}`],
        {
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let errores = '';
      hijo.stderr!.on('data', (d: Buffer) => (errores += d.toString()));
      hijo.stdout!.on('data', (d: Buffer) => {
        const m = /Forwarding from 127\.0\.0\.1:(\d+)/.exec(d.toString());
        if (m) {
          puerto = Number(m[1]);
          resolve();
        }
      });
      hijo.on('exit', (codigo) => {
        if (!puerto)
          reject(new Error(`kubectl port-forward ${recurso} exited (${codigo}): ${errores.trim()}`));
        else if (!cerrado) {
          // said once per relaunch: a test that then fails on this address shows why
          const ultima = errores.trim().split('\n').pop() ?? '';
          console.log(
            `      port-forward ${recurso} exited (${codigo}${ultima ? `: ${ultima}` : ''}); relaunching`,
          );
          setTimeout(() => void lanzar().catch(() => undefined), 500);
        }
      });
    });
  return lanzar().then(() => ({
    puerto,
    cerrar: () => {
      cerrado = true;
      hijo?.kill();
    },
  }));
}
