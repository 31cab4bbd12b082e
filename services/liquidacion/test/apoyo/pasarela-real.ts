// The real pasarela-simulada as a child process on a free port (not a mock): integration tests of the
// PSP adapter and of the use cases talk HTTP to it and read its ledger. Needs it built (npm run build).
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import * as readline from 'node:readline';

const RUTA_MAIN = path.resolve(__dirname, '../../../../pasarela-simulada/dist/src/main.js');

export interface PasarelaReal {
  url: string;
  admin(metodo: 'GET' | 'POST' | 'PUT', ruta: string, cuerpo?: unknown): Promise<Record<string, unknown>>;
  transferencias(idPago?: string): Promise<Array<Record<string, unknown>>>;
  /** Transfer calls the pasarela answered, by result (pagada, rechazada, no_disponible, repetida...). */
  solicitudes(): Promise<Record<string, number>>;
  detener(): Promise<void>;
}

/** `entorno` adds to the pasarela's environment, e.g. { CREDENCIAL: '…' } to make it require a bearer key. */
export async function iniciarPasarelaReal(entorno: Record<string, string> = {}): Promise<PasarelaReal> {
  const proceso: ChildProcess = spawn(process.execPath, [RUTA_MAIN], {
    env: { ...process.env, PUERTO: '0', NIVEL_LOG: 'info', ...entorno },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const puerto = await new Promise<number>((resolve, reject) => {
    // The 'pasarela escuchando' info line carries the port; later lines are read and ignored.
    const plazo = setTimeout(() => reject(new Error('la pasarela no arranco en 10 s')), 10_000);
    proceso.once('exit', (codigo) => reject(new Error(`la pasarela termino con codigo ${codigo}`)));
    readline.createInterface({ input: proceso.stdout! }).on('line', (linea) => {
      try {
        const json = JSON.parse(linea) as { puerto?: number };
        if (typeof json.puerto === 'number') {
          clearTimeout(plazo);
          resolve(json.puerto);
        }
      } catch {
        // not a log line of ours
      }
    });
  }).catch((error: unknown) => {
    proceso.kill('SIGKILL');
    throw error;
  });
  const url = `http://127.0.0.1:${puerto}`;
  const admin = async (metodo: string, ruta: string, cuerpo?: unknown) => {
    const res = await fetch(url + ruta, {
      method: metodo,
      headers: { 'content-type': 'application/json' },
      body: cuerpo === undefined ? undefined : JSON.stringify(cuerpo),
    });
    if (!res.ok) throw new Error(`${metodo} ${ruta}: HTTP ${res.status} ${await res.text()}`);
    return (await res.json()) as Record<string, unknown>;
  };
  return {
    url,
    admin,
    transferencias: async (idPago) =>
      (await admin('GET', `/admin/transferencias${idPago ? `?id_pago=${encodeURIComponent(idPago)}` : ''}`))
        .transferencias as Array<Record<string, unknown>>,
    solicitudes: async () => (await admin('GET', '/admin/estado')).solicitudes as Record<string, number>,
    detener: () =>
      new Promise<void>((resolve) => {
        if (proceso.exitCode !== null) return resolve();
        proceso.once('exit', () => resolve());
        proceso.kill('SIGTERM');
      }),
  };
}

/** Polls `condicion` until it holds or `plazoMs` passes (no sleeps as synchronisation). */
export async function esperarHasta(
  condicion: () => Promise<boolean> | boolean,
  plazoMs = 5000,
): Promise<void> {
  const limite = Date.now() + plazoMs;
  while (!(await condicion())) {
    if (Date.now() > limite) throw new Error(`la condicion no se cumplio en ${plazoMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
