// Follows accepted pagos until they settle, cheaply: each cycle lists the SOLICITADO pagos (newest
// first, only down to the oldest one still pending), so whatever is pending and no longer listed
// has settled; those few are then read once (ObtenerPago, or the terminal lists when many settled
// together). Cost per cycle ~ backlog / page size, never one RPC per pago per cycle.
import { nombreEstadoPago } from '@alpes/cli';
import { pagos } from '@alpes/contratos';

export type EstadoPagoNombre = 'SOLICITADO' | 'PAGADO' | 'RECHAZADO' | 'FALLIDO';
export const TERMINALES: readonly EstadoPagoNombre[] = ['PAGADO', 'RECHAZADO', 'FALLIDO'];

export interface PuertoLecturaPagos {
  listar(solicitud: Partial<pagos.ListarPagosRequest>): Promise<pagos.ListarPagosResponse>;
  obtener(idPago: string): Promise<pagos.Pago>;
}

interface Seguido {
  /** Server creation time (ms epoch): the lower bound of the listings. */
  creadoEnMs: number;
  /** Server time the current attempt started (creation, or the replay): settle latency origin. */
  origenMs: number;
  /** Drill clock when we started following it (only listings started later can see it). */
  registradoMs: number;
  estado: EstadoPagoNombre;
}

export interface Asentamiento {
  idPago: string;
  estado: EstadoPagoNombre;
  /** Server-measured settle time (actualizado_en - origin). */
  msHastaAsentar: number;
  /** When it settled, on the drill clock (server time mapped, never later than when we saw it). */
  enDrillMs: number;
}

export interface OpcionesSeguidor {
  /** Drill clock (ms since the drill started). */
  reloj: () => number;
  /** Date.now() at drill clock 0: maps server timestamps onto the drill clock. */
  inicioParedMs: number;
  alAsentar?: (a: Asentamiento) => void;
  tamanoPagina?: number;
  /** At most this many ObtenerPago per cycle for candidates the lists did not resolve. */
  maximoLecturasPorCiclo?: number;
}

const LECTURA_DIRECTA_HASTA = 32;

export class Seguidor {
  private readonly seguidos = new Map<string, Seguido>();
  private pendientesSet = new Set<string>();
  ciclos = 0;
  erroresDeCiclo = 0;
  ultimoError?: string;
  private detenido = true;
  private bucle?: Promise<void>;

  constructor(
    private readonly pagosApi: PuertoLecturaPagos,
    private readonly o: OpcionesSeguidor,
  ) {}

  seguir(idPago: string, creadoEn: Date | undefined): void {
    const creadoEnMs = creadoEn?.getTime() ?? Date.now();
    if (this.seguidos.has(idPago)) return; // an idempotent repeat of the same pago
    this.seguidos.set(idPago, {
      creadoEnMs,
      origenMs: creadoEnMs,
      registradoMs: this.o.reloj(),
      estado: 'SOLICITADO',
    });
    this.pendientesSet.add(idPago);
  }

  /** Follow them again after ReintentarPago (FALLIDO -> SOLICITADO). */
  reabrir(ids: Iterable<string>): void {
    const ahora = this.o.reloj();
    for (const id of ids) {
      const s = this.seguidos.get(id);
      if (!s) continue;
      s.estado = 'SOLICITADO';
      s.origenMs = this.o.inicioParedMs + ahora;
      s.registradoMs = ahora;
      this.pendientesSet.add(id);
    }
  }

  get pendientes(): number {
    return this.pendientesSet.size;
  }

  get total(): number {
    return this.seguidos.size;
  }

  estadoDe(idPago: string): EstadoPagoNombre | undefined {
    return this.seguidos.get(idPago)?.estado;
  }

  ids(): string[] {
    return [...this.seguidos.keys()];
  }

  conteo(): Record<EstadoPagoNombre, number> {
    const c: Record<EstadoPagoNombre, number> = { SOLICITADO: 0, PAGADO: 0, RECHAZADO: 0, FALLIDO: 0 };
    for (const s of this.seguidos.values()) c[s.estado]++;
    return c;
  }

  /** One cycle: find what settled since the last one. */
  async ciclo(): Promise<void> {
    this.ciclos++;
    const inicio = this.o.reloj();
    const pendientes = [...this.pendientesSet].filter(
      (id) => (this.seguidos.get(id)?.registradoMs ?? 0) < inicio,
    );
    if (pendientes.length === 0) return;
    const minimoCreado = this.minimoCreado(pendientes);
    const solicitados = await this.idsEnEstado(pagos.EstadoPago.ESTADO_PAGO_SOLICITADO, minimoCreado);
    const candidatos = pendientes.filter((id) => !solicitados.has(id));
    if (candidatos.length === 0) return;

    let porLeer = candidatos;
    if (candidatos.length > LECTURA_DIRECTA_HASTA) {
      const minimo = this.minimoCreado(candidatos);
      const buscados = new Set(candidatos);
      for (const estado of [
        pagos.EstadoPago.ESTADO_PAGO_PAGADO,
        pagos.EstadoPago.ESTADO_PAGO_RECHAZADO,
        pagos.EstadoPago.ESTADO_PAGO_FALLIDO,
      ]) {
        await this.recorrer(estado, minimo, (p) => {
          if (buscados.delete(p.id)) this.resolver(p);
        });
      }
      porLeer = [...buscados];
    }
    const maximo = this.o.maximoLecturasPorCiclo ?? 200;
    await enParalelo(porLeer.slice(0, maximo), 8, async (id) =>
      this.resolver(await this.pagosApi.obtener(id)),
    );
  }

  /** A loop, not Math.min(...): tens of thousands of arguments would overflow the stack. */
  private minimoCreado(ids: string[]): number {
    let minimo = Infinity;
    for (const id of ids) minimo = Math.min(minimo, this.seguidos.get(id)?.creadoEnMs ?? Infinity);
    return minimo;
  }

  private async idsEnEstado(estado: pagos.EstadoPago, minimoCreadoMs: number): Promise<Set<string>> {
    const ids = new Set<string>();
    await this.recorrer(estado, minimoCreadoMs, (p) => ids.add(p.id));
    return ids;
  }

  /** Newest first, stopping once a page reaches pagos older than minimoCreadoMs. */
  private async recorrer(estado: pagos.EstadoPago, minimoCreadoMs: number, cada: (p: pagos.Pago) => void) {
    let pageToken = '';
    do {
      const r = await this.pagosApi.listar({ estado, pageSize: this.o.tamanoPagina ?? 500, pageToken });
      r.pagos.forEach(cada);
      const ultimo = r.pagos.at(-1);
      if (ultimo?.creadoEn && ultimo.creadoEn.getTime() < minimoCreadoMs) break;
      pageToken = r.nextPageToken;
    } while (pageToken);
  }

  private resolver(p: pagos.Pago): void {
    const s = this.seguidos.get(p.id);
    if (!s || s.estado !== 'SOLICITADO') return;
    const estado = nombreEstadoPago(p.estado) as EstadoPagoNombre;
    if (!TERMINALES.includes(estado)) return;
    s.estado = estado;
    this.pendientesSet.delete(p.id);
    const actualizadoMs = p.actualizadoEn?.getTime() ?? Date.now();
    const visto = this.o.reloj();
    this.o.alAsentar?.({
      idPago: p.id,
      estado,
      msHastaAsentar: Math.max(0, actualizadoMs - s.origenMs),
      enDrillMs: Math.min(visto, Math.max(0, actualizadoMs - this.o.inicioParedMs)),
    });
  }

  /** Cycles in the background until detener(); failures (a service down) are counted and retried. */
  iniciar(intervaloMs: number): void {
    if (!this.detenido) return;
    this.detenido = false;
    this.bucle = (async () => {
      while (!this.detenido) {
        await this.cicloTolerante();
        await new Promise((r) => setTimeout(r, intervaloMs));
      }
    })();
  }

  async detener(): Promise<void> {
    this.detenido = true;
    await this.bucle;
  }

  private async cicloTolerante(): Promise<void> {
    try {
      await this.ciclo();
    } catch (error) {
      this.erroresDeCiclo++;
      this.ultimoError = error instanceof Error ? error.message : String(error);
    }
  }

  /** Cycles until nothing is pending or the deadline passes; true when all settled. */
  async esperarTodos(plazoMs: number, intervaloMs = 500): Promise<boolean> {
    const limite = this.o.reloj() + plazoMs;
    for (;;) {
      await this.cicloTolerante();
      if (this.pendientes === 0) return true;
      if (this.o.reloj() > limite) return false;
      await new Promise((r) => setTimeout(r, intervaloMs));
    }
  }
}

export async function enParalelo<T>(
  items: T[],
  concurrencia: number,
  hacer: (x: T) => Promise<void>,
): Promise<void> {
  let i = 0;
  const trabajador = async () => {
    while (i < items.length) await hacer(items[i++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(concurrencia, items.length) }, trabajador));
}
