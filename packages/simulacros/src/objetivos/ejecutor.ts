// The real command runner behind ObjetivoK8s (child processes) and a TCP readiness probe for
// port-forwards.
import { execFile, spawn } from 'node:child_process';
import * as net from 'node:net';
import type { EjecutorComandos, ProcesoLargo } from './k8s';

export const ejecutorDeProcesos: EjecutorComandos = {
  ejecutar(comando, args) {
    return new Promise((resolver, rechazar) => {
      execFile(comando, args, { maxBuffer: 16 * 1024 * 1024, timeout: 600_000 }, (error, stdout, stderr) => {
        if (error)
          rechazar(new Error(`${comando} ${args.join(' ')} falló: ${stderr.trim() || error.message}`));
        else resolver(stdout);
      });
    });
  },
  lanzar(comando, args): ProcesoLargo {
    const hijo = spawn(comando, args, { stdio: ['ignore', 'ignore', 'inherit'] });
    const terminado = new Promise<number>((resolver) => {
      hijo.once('exit', (codigo) => resolver(codigo ?? 1));
      hijo.once('error', () => resolver(1));
    });
    return { detener: () => hijo.kill('SIGTERM'), terminado };
  },
};

export async function esperarPuertoTcp(puerto: number, plazoMs: number): Promise<void> {
  const limite = Date.now() + plazoMs;
  for (;;) {
    const abierto = await new Promise<boolean>((resolver) => {
      const s = net.connect({ host: '127.0.0.1', port: puerto });
      s.once('connect', () => (s.destroy(), resolver(true)));
      s.once('error', () => resolver(false));
    });
    if (abierto) return;
    if (Date.now() > limite) throw new Error(`nada escucha en 127.0.0.1:${puerto} tras ${plazoMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
