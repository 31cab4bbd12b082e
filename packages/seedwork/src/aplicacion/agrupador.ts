// Coalesces concurrent calls into batches (group commit): entries wait up to a window or until a batch is
// full, then one function handles the whole batch and each caller gets its own entry's outcome. It does no
// I/O itself (time comes through a Temporizador), so it lives in seedwork's aplicacion: an application
// layer may group its commands with it, and an adapter in infraestructura (which may import aplicacion,
// never the reverse) may group its statements, in either service.
import { ErrorSaturacion } from './saturacion';

/** One entry's outcome in a batch: its value, or its own error (which fails only that caller). */
export type DesenlaceEntrada<R> = { valor: R } | { error: unknown };

/** Schedules a callback after `ms`; returns its cancellation. Injected so that tests control time. */
export interface Temporizador {
  programar(ms: number, fn: () => void): () => void;
}

/** setTimeout. Not unref'd: a batch waiting for its window keeps the process alive until it runs. */
export const TEMPORIZADOR_SISTEMA: Temporizador = {
  programar(ms, fn) {
    const t = setTimeout(fn, ms);
    return () => clearTimeout(t);
  },
};

/** Why agregar refused an entry: the waiting entries were at maximoEnEspera, or cerrar() had been called. */
export type MotivoRechazo = 'saturado' | 'deteniendo';

/** Told what the Agrupador does (e.g. to count it in metrics); called synchronously, must not throw. */
export interface ObservadorAgrupador {
  /** A batch of `entradas` entries is handed to procesar. */
  alProcesar?(entradas: number): void;
  /** An entry was refused with ErrorSaturacion. */
  alRechazar?(motivo: MotivoRechazo): void;
}

/**
 * A service's grouping settings (from its configuration): an adapter builds its Agrupador from them, and
 * with ventanaMs 0 builds none (each call then runs alone).
 */
export interface OpcionesAgrupacion {
  /** Longest the first entry of a batch waits for companions, ms (0: until the next turn of the event loop). */
  ventanaMs: number;
  /** Entries per batch at most; a full batch runs without waiting for its window. */
  maximoPorLote: number;
  /** Entries accepted and not yet running, at most (>= maximoPorLote): past it, agregar refuses. */
  maximoEnEspera: number;
  /** Batches running at once. While all run, the open batch keeps filling past its window. */
  maximoLotesEnCurso: number;
  /** Told each group's size and each refusal (metrics). */
  observador?: ObservadorAgrupador;
}

export interface OpcionesAgrupador<E, R> extends Omit<OpcionesAgrupacion, 'maximoLotesEnCurso'> {
  /** Batches running at once (default 1). */
  maximoLotesEnCurso?: number;
  /**
   * Handles one batch: one outcome per entry, in the same order. A throw (or a wrong number of outcomes)
   * fails every entry of the batch with that error.
   */
  procesar(lote: readonly E[]): Promise<readonly DesenlaceEntrada<R>[]>;
  /** What the entries are, for error messages (e.g. 'solicitudes de pago'). */
  nombre?: string;
  temporizador?: Temporizador;
}

interface Entrada<E, R> {
  valor: E;
  resolver(valor: R): void;
  rechazar(error: unknown): void;
}

/** Groups entries into batches of up to maximoPorLote, each run once by `procesar`. */
export class Agrupador<E, R> {
  private abierto: Entrada<E, R>[] = []; // the batch being filled
  private vencido = false; // the open batch's window has passed: it runs as soon as a slot is free
  private cancelarVentana: (() => void) | undefined;
  private readonly llenos: Entrada<E, R>[][] = []; // full batches waiting for a slot, oldest first
  private esperando = 0;
  private enCurso = 0;
  private cerrado = false;
  private readonly alQuedarVacio: (() => void)[] = [];
  private readonly maximoLotesEnCurso: number;
  private readonly temporizador: Temporizador;
  private readonly nombre: string;

  constructor(private readonly opciones: OpcionesAgrupador<E, R>) {
    const { ventanaMs, maximoPorLote, maximoEnEspera, maximoLotesEnCurso = 1 } = opciones;
    if (!Number.isFinite(ventanaMs) || ventanaMs < 0)
      throw new RangeError(`ventanaMs debe ser >= 0, no ${ventanaMs}`);
    for (const [nombre, valor] of Object.entries({ maximoPorLote, maximoLotesEnCurso, maximoEnEspera })) {
      if (!Number.isInteger(valor) || valor < 1)
        throw new RangeError(`${nombre} debe ser un entero >= 1, no ${valor}`);
    }
    if (maximoEnEspera < maximoPorLote)
      throw new RangeError(`maximoEnEspera (${maximoEnEspera}) debe ser >= maximoPorLote (${maximoPorLote})`);
    this.maximoLotesEnCurso = maximoLotesEnCurso;
    this.temporizador = opciones.temporizador ?? TEMPORIZADOR_SISTEMA;
    this.nombre = opciones.nombre ?? 'entradas';
  }

  /** Entries accepted and not yet running. */
  get enEspera(): number {
    return this.esperando;
  }

  /** Batches running now. */
  get lotesEnCurso(): number {
    return this.enCurso;
  }

  /**
   * Adds `valor` to the open batch; settles with its own outcome once its batch has run. Refuses at once
   * with ErrorSaturacion when maximoEnEspera entries are already waiting, or after cerrar(): under
   * overload callers hear it now instead of queueing without bound.
   */
  agregar(valor: E): Promise<R> {
    if (this.cerrado) {
      this.opciones.observador?.alRechazar?.('deteniendo');
      return Promise.reject(new ErrorSaturacion(`${this.nombre}: el servicio se está deteniendo`));
    }
    if (this.esperando >= this.opciones.maximoEnEspera) {
      this.opciones.observador?.alRechazar?.('saturado');
      return Promise.reject(
        new ErrorSaturacion(`${this.nombre}: ${this.esperando} en espera, el máximo; reintente más tarde`),
      );
    }
    return new Promise<R>((resolver, rechazar) => {
      this.abierto.push({ valor, resolver, rechazar });
      this.esperando++;
      if (this.abierto.length >= this.opciones.maximoPorLote) this.sellar();
      else if (this.abierto.length === 1) this.abrirVentana();
      this.despachar();
    });
  }

  /**
   * Graceful stop: takes no more entries, runs what is waiting now (without waiting for windows) and
   * resolves when every batch has finished.
   */
  cerrar(): Promise<void> {
    this.cerrado = true;
    this.despachar();
    if (this.esperando === 0 && this.enCurso === 0) return Promise.resolve();
    return new Promise((r) => this.alQuedarVacio.push(r));
  }

  private abrirVentana(): void {
    this.cancelarVentana = this.temporizador.programar(this.opciones.ventanaMs, () => {
      this.cancelarVentana = undefined;
      this.vencido = true;
      this.despachar();
    });
  }

  /** The open batch is full: it queues behind the other full ones; the next entry opens a new batch. */
  private sellar(): void {
    this.cancelarVentana?.();
    this.cancelarVentana = undefined;
    this.vencido = false;
    this.llenos.push(this.abierto);
    this.abierto = [];
  }

  private despachar(): void {
    while (this.enCurso < this.maximoLotesEnCurso) {
      let lote = this.llenos.shift();
      if (!lote && this.abierto.length > 0 && (this.vencido || this.cerrado)) {
        lote = this.abierto;
        this.cancelarVentana?.();
        this.cancelarVentana = undefined;
        this.vencido = false;
        this.abierto = [];
      }
      if (!lote) return;
      this.esperando -= lote.length;
      this.enCurso++;
      this.opciones.observador?.alProcesar?.(lote.length);
      void this.ejecutar(lote);
    }
  }

  private async ejecutar(lote: Entrada<E, R>[]): Promise<void> {
    try {
      const desenlaces = await this.opciones.procesar(lote.map((e) => e.valor));
      if (desenlaces.length !== lote.length) {
        throw new Error(`procesar devolvió ${desenlaces.length} desenlaces para ${lote.length} entradas`);
      }
      lote.forEach((e, i) => {
        const d = desenlaces[i]!;
        if ('error' in d) e.rechazar(d.error);
        else e.resolver(d.valor);
      });
    } catch (error) {
      for (const e of lote) e.rechazar(error);
    } finally {
      this.enCurso--;
      this.despachar();
      if (this.esperando === 0 && this.enCurso === 0) this.alQuedarVacio.splice(0).forEach((r) => r());
    }
  }
}

/** Settles `promesa` into one entry's outcome (never rejects): for a `procesar` that redoes entries alone. */
export function desenlaceDe<T>(promesa: Promise<T>): Promise<DesenlaceEntrada<T>> {
  return promesa.then(
    (valor) => ({ valor }),
    (error: unknown) => ({ error }),
  );
}
