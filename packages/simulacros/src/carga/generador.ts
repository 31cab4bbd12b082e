// Drives requests at a schedule: open loop (arrivals at a fixed rate, capped in-flight, queued
// requests still charged from their intended instant) or closed loop (N workers back to back).
import { debidosHasta, instantePrevisto, totalPrevisto } from './planificador';

export interface ResultadoEnvio {
  ok: boolean;
  /** gRPC status name when not ok (e.g. UNAVAILABLE). */
  codigo?: string;
}

/** Sends request i; must not throw (failures are results). */
export type Enviar<R extends ResultadoEnvio> = (i: number) => Promise<R>;

export interface OpcionesCarga {
  modo: 'abierto' | 'cerrado';
  /** Open loop: arrivals per second. */
  tasa: number;
  duracionMs: number;
  /** Open loop: most requests in flight (the rest wait, and their wait counts as latency). Closed loop: workers. */
  concurrencia: number;
  /** Stops the schedule early (requests already in flight finish). */
  senal?: AbortSignal;
  reloj?: () => number;
  dormir?: (ms: number) => Promise<void>;
}

export interface Completado<R> {
  i: number;
  /** Intended instant (open loop) or actual start (closed loop), ms on the run's clock. */
  previstoMs: number;
  inicioMs: number;
  finMs: number;
  resultado: R;
}

export interface ResumenCarga {
  enviados: number;
  /** Most requests that were due but waiting for a free slot (open loop). */
  maximoEnCola: number;
  duracionMs: number;
}

export interface EstadoGenerador {
  enVuelo: number;
  enCola: number;
}

export async function ejecutarCarga<R extends ResultadoEnvio>(
  enviar: Enviar<R>,
  opciones: OpcionesCarga,
  alCompletar: (c: Completado<R>) => void,
  estado?: (e: EstadoGenerador) => void,
): Promise<ResumenCarga> {
  const reloj = opciones.reloj ?? (() => performance.now());
  const dormir = opciones.dormir ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  return opciones.modo === 'abierto'
    ? lazoAbierto(enviar, opciones, alCompletar, reloj, dormir, estado)
    : lazoCerrado(enviar, opciones, alCompletar, reloj);
}

async function lazoAbierto<R extends ResultadoEnvio>(
  enviar: Enviar<R>,
  o: OpcionesCarga,
  alCompletar: (c: Completado<R>) => void,
  reloj: () => number,
  dormir: (ms: number) => Promise<void>,
  estado?: (e: EstadoGenerador) => void,
): Promise<ResumenCarga> {
  const plan = { tasa: o.tasa, duracionMs: o.duracionMs };
  const total = totalPrevisto(plan);
  const inicio = reloj();
  let debidos = 0; // requests whose instant has come
  let lanzados = 0; // requests started (the queue is [lanzados, debidos))
  let enVuelo = 0;
  let maximoEnCola = 0;
  let alVaciarse: (() => void) | undefined;

  const lanzarLosQueQuepan = () => {
    while (enVuelo < o.concurrencia && lanzados < debidos) {
      const i = lanzados++;
      enVuelo++;
      const inicioMs = reloj();
      void enviar(i).then((resultado) => {
        enVuelo--;
        alCompletar({
          i,
          previstoMs: inicio + instantePrevisto(i, o.tasa),
          inicioMs,
          finMs: reloj(),
          resultado,
        });
        lanzarLosQueQuepan();
        if (enVuelo === 0 && lanzados === debidos) alVaciarse?.();
      });
    }
    estado?.({ enVuelo, enCola: debidos - lanzados });
  };

  while (debidos < total && !o.senal?.aborted) {
    debidos = debidosHasta(reloj() - inicio, plan);
    maximoEnCola = Math.max(maximoEnCola, debidos - lanzados - Math.max(0, o.concurrencia - enVuelo));
    lanzarLosQueQuepan();
    if (debidos >= total) break;
    await dormir(Math.max(0, instantePrevisto(debidos, o.tasa) - (reloj() - inicio)));
  }
  if (o.senal?.aborted) debidos = lanzados; // stop: drop what was queued but never sent
  if (enVuelo > 0 || lanzados < debidos) await new Promise<void>((r) => (alVaciarse = r));
  return { enviados: lanzados, maximoEnCola, duracionMs: reloj() - inicio };
}

async function lazoCerrado<R extends ResultadoEnvio>(
  enviar: Enviar<R>,
  o: OpcionesCarga,
  alCompletar: (c: Completado<R>) => void,
  reloj: () => number,
): Promise<ResumenCarga> {
  const inicio = reloj();
  let siguiente = 0;
  const trabajador = async () => {
    while (reloj() - inicio < o.duracionMs && !o.senal?.aborted) {
      const i = siguiente++;
      const inicioMs = reloj();
      const resultado = await enviar(i);
      alCompletar({ i, previstoMs: inicioMs, inicioMs, finMs: reloj(), resultado });
    }
  };
  await Promise.all(Array.from({ length: o.concurrencia }, trabajador));
  return { enviados: siguiente, maximoEnCola: 0, duracionMs: reloj() - inicio };
}
