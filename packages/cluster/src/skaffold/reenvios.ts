// skaffold's port forwards: `kubectl port-forward TYPE/NAME LOCAL:PORT`, relaunched whenever it
// exits (a forward to a Service is bound to one pod and dies with it) until stopped. The local
// port is chosen once like skaffold's GetAvailablePort: the one asked for, else the next ten,
// else any free one; the chosen ports are in the result.
import * as net from 'node:net';
import { ErrorEntorno } from '@alpes/entorno';
import type { ContextoEjecucion } from './ejecutar';
import type { ProcesoLanzado } from './ejecutor';
import type { PlanReenvio } from './plan';

export interface ReenvioActivo extends PlanReenvio {
  /** The local port actually bound (differs from the asked one when that was busy). */
  puertoLocal: number;
}

export interface ReenviosActivos {
  reenvios: ReenvioActivo[];
  /** Resolves when every forward has printed "Forwarding from"; rejects naming the others after `ms`. */
  listos(ms?: number): Promise<void>;
  /** Stops every forward and its relaunch loop. */
  detener(): Promise<void>;
}

export interface OpcionesReenvios {
  /** Whether a local port can be bound (injectable for tests). */
  puertoLibre?: (puerto: number, direccion: string) => Promise<boolean>;
  /** First pause before a relaunch; it doubles up to 10 s while the forward keeps dying young. */
  esperaMs?: number;
}

export async function iniciarReenvios(
  c: ContextoEjecucion,
  o: OpcionesReenvios = {},
): Promise<ReenviosActivos> {
  const libre = o.puertoLibre ?? puertoLibre;
  const usados = new Set<number>();
  const activos: ReenvioActivo[] = [];
  for (const r of c.plan.reenvios) {
    const puertoLocal = await elegirPuerto(r.puertoLocal, r.direccion, usados, libre);
    if (puertoLocal !== r.puertoLocal)
      c.informar(`port ${r.puertoLocal} is busy: ${r.tipo}/${r.nombre} forwarded to ${puertoLocal} instead`);
    usados.add(puertoLocal);
    activos.push({ ...r, puertoLocal });
  }
  const bucles = activos.map((r) => mantener(c, r, o.esperaMs ?? 1000));
  return {
    reenvios: activos,
    async listos(ms = 60_000) {
      let reloj: NodeJS.Timeout | undefined;
      const plazo = new Promise<never>((_, rechazar) => {
        reloj = setTimeout(() => {
          const faltan = bucles
            .filter((b) => !b.estaListo())
            .map((b) => `${b.recurso} (${b.ultima() ?? 'no output'})`);
          rechazar(new ErrorEntorno(`port forwards not ready after ${ms / 1000} s: ${faltan.join('; ')}`));
        }, ms);
      });
      try {
        await Promise.race([Promise.all(bucles.map((b) => b.listo)), plazo]);
      } finally {
        clearTimeout(reloj);
      }
    },
    async detener() {
      await Promise.all(bucles.map((b) => b.detener()));
    },
  };
}

function mantener(c: ContextoEjecucion, r: ReenvioActivo, esperaInicial: number) {
  const recurso = `${r.tipo}/${r.nombre}`;
  const args = ['port-forward', recurso, `${r.puertoLocal}:${r.puerto}`, '-n', r.namespace];
  if (r.direccion !== '127.0.0.1') args.push('--address', r.direccion);
  args.push('--context', c.plan.contextoKube);
  let detenido = false;
  let listo = false;
  let ultima: string | undefined;
  let proceso: ProcesoLanzado | undefined;
  let despertar: (() => void) | undefined;
  let marcarListo!: () => void;
  const promesaListo = new Promise<void>((resolve) => (marcarListo = resolve));

  const bucle = (async () => {
    let espera = esperaInicial;
    let vez = 0;
    while (!detenido) {
      const inicio = Date.now();
      c.informar(
        `${vez++ ? '↻ relaunching' : '▸'} port-forward ${r.namespace}:${recurso} → ${r.direccion}:${r.puertoLocal}`,
      );
      proceso = c.ejecutor.lanzar(c.binarios.kubectl, args, {
        env: c.entorno,
        alLinea: (linea) => {
          ultima = linea;
          if (!listo && /^Forwarding from/.test(linea)) {
            listo = true;
            c.informar(`✓ port-forward ${recurso}: ${linea}`);
            marcarListo();
          }
        },
      });
      const codigo = await proceso.fin;
      if (detenido) break;
      espera = Date.now() - inicio > 30_000 ? esperaInicial : Math.min(espera * 2, 10_000);
      c.informar(
        `port-forward ${recurso} exited (code ${codigo}: ${ultima ?? 'no output'}); relaunching in ${espera / 1000} s`,
      );
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, espera);
        despertar = () => {
          clearTimeout(t);
          resolve();
        };
      });
    }
  })();

  return {
    recurso,
    listo: promesaListo,
    estaListo: () => listo,
    ultima: () => ultima,
    async detener() {
      detenido = true;
      proceso?.detener();
      despertar?.();
      await bucle;
    },
  };
}

async function elegirPuerto(
  pedido: number,
  direccion: string,
  usados: Set<number>,
  libre: (p: number, d: string) => Promise<boolean>,
): Promise<number> {
  for (let p = pedido; p <= pedido + 10; p++) {
    if (!usados.has(p) && (await libre(p, direccion))) return p;
  }
  return puertoCualquiera(direccion);
}

export function puertoLibre(puerto: number, direccion: string): Promise<boolean> {
  return new Promise((resolve) => {
    const servidor = net.createServer();
    servidor.once('error', () => resolve(false));
    servidor.listen(puerto, direccion, () => servidor.close(() => resolve(true)));
  });
}

function puertoCualquiera(direccion: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const servidor = net.createServer();
    servidor.once('error', reject);
    servidor.listen(0, direccion, () => {
      const { port } = servidor.address() as net.AddressInfo;
      servidor.close(() => resolve(port));
    });
  });
}
