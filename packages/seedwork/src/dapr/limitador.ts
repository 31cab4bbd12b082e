// Bounds how many deliveries an app handles at once. daprd keeps many more in flight
// (maxConcurrentHandlers, sized so that deliveries sleeping through their retry backoff during a PSP
// outage do not starve the rest); without a bound here they would all compete for the CPU and the
// database pool at the same time, at the expense of the service's API latency.

/** Runs at most `maximo` tasks at once; the others wait in arrival order. */
export class Limitador {
  private enCurso = 0;
  private readonly enEspera: (() => void)[] = [];

  constructor(readonly maximo: number) {
    if (!Number.isInteger(maximo) || maximo < 1)
      throw new RangeError(`maximo debe ser un entero >= 1, no ${maximo}`);
  }

  /** Tasks running now. */
  get ocupados(): number {
    return this.enCurso;
  }

  /** Tasks waiting for a slot. */
  get esperando(): number {
    return this.enEspera.length;
  }

  async ejecutar<T>(tarea: () => Promise<T>): Promise<T> {
    if (this.enCurso < this.maximo) this.enCurso++;
    else await new Promise<void>((entrar) => this.enEspera.push(entrar)); // the slot is handed over
    try {
      return await tarea();
    } finally {
      const siguiente = this.enEspera.shift();
      if (siguiente) siguiente();
      else this.enCurso--;
    }
  }
}
