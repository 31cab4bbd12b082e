// What the load produced, measured: HdrHistograms (pure JS, no WASM) of response latency from the
// intended instant and of submit-to-settled time, errors by gRPC code, and one-second windows for
// the live progress line and the report's time series.
import * as hdr from 'hdr-histogram-js';

export interface Percentiles {
  cuenta: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  media: number;
}

/** Latencies in ms, recorded as integer microseconds (HdrHistogram wants integers). */
export class Histograma {
  private readonly h = hdr.build({
    useWebAssembly: false,
    numberOfSignificantValueDigits: 3,
    autoResize: true,
  });

  registrarMs(ms: number): void {
    this.h.recordValue(Math.max(0, Math.round(ms * 1000)));
  }

  get cuenta(): number {
    return this.h.totalCount;
  }

  percentiles(): Percentiles {
    const ms = (us: number) => Math.round(us) / 1000;
    if (this.h.totalCount === 0) return { cuenta: 0, p50: 0, p95: 0, p99: 0, max: 0, media: 0 };
    return {
      cuenta: this.h.totalCount,
      p50: ms(this.h.getValueAtPercentile(50)),
      p95: ms(this.h.getValueAtPercentile(95)),
      p99: ms(this.h.getValueAtPercentile(99)),
      max: ms(this.h.maxValue),
      media: ms(this.h.mean),
    };
  }

  reiniciar(): void {
    this.h.reset();
  }
}

/** One second of the run, for charts. Times in seconds since the drill started. */
export interface Muestra {
  t: number;
  enviadosPorS: number;
  aceptadosPorS: number;
  erroresPorS: number;
  asentadosPorS: number;
  /** Latency percentiles (ms) of the responses completed in this second; null when none. */
  p50: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
  /** msgBacklog by "topic/subscription"; null when the broker did not answer. */
  backlog: Record<string, number | null>;
}

export class Medidor {
  readonly latencia = new Histograma();
  readonly asentamiento = new Histograma();
  readonly erroresPorCodigo: Record<string, number> = {};
  enviados = 0;
  aceptados = 0;
  errores = 0;
  asentados = 0;
  /** Last time (ms, drill clock) a request was accepted / a pago was seen settled. */
  ultimaAceptacionMs = -Infinity;
  ultimoAsentamientoMs = -Infinity;
  /** Drill-clock instants of every acceptance and settlement, for "first one after a restart". */
  private readonly instantesAceptacion: number[] = [];
  private readonly asentamientos: { solicitadoMs: number; asentadoMs: number }[] = [];
  private readonly ventana = new Histograma();
  private ventanaEnviados = 0;
  private ventanaAceptados = 0;
  private ventanaErrores = 0;
  private ventanaAsentados = 0;
  private readonly series: Muestra[] = [];

  iniciado(): void {
    this.enviados++;
    this.ventanaEnviados++;
  }

  respuesta(latenciaMs: number, ok: boolean, codigo: string | undefined, ahoraMs: number): void {
    if (ok) {
      this.aceptados++;
      this.ventanaAceptados++;
      this.latencia.registrarMs(latenciaMs);
      this.ventana.registrarMs(latenciaMs);
      this.ultimaAceptacionMs = Math.max(this.ultimaAceptacionMs, ahoraMs);
      this.instantesAceptacion.push(ahoraMs);
    } else {
      this.errores++;
      this.ventanaErrores++;
      const c = codigo ?? 'DESCONOCIDO';
      this.erroresPorCodigo[c] = (this.erroresPorCodigo[c] ?? 0) + 1;
    }
  }

  asentado(msDesdeSolicitud: number, ahoraMs: number): void {
    this.asentados++;
    this.ventanaAsentados++;
    this.asentamiento.registrarMs(msDesdeSolicitud);
    this.ultimoAsentamientoMs = Math.max(this.ultimoAsentamientoMs, ahoraMs);
    this.asentamientos.push({ solicitadoMs: ahoraMs - msDesdeSolicitud, asentadoMs: ahoraMs });
  }

  primeraAceptacionDesde(ms: number): number | null {
    return primeroDespues(this.instantesAceptacion, ms);
  }

  /**
   * First settlement after `ms` of a pago requested at or after `solicitadoDesde` (default: any). A
   * failover measures recovery with payments requested after the kill: one requested before it may
   * still settle through the dying process (a force-deleted pod runs on for a moment), which says
   * nothing about the restarted one.
   */
  primerAsentamientoDesde(ms: number, solicitadoDesde = -Infinity): number | null {
    return primeroDespues(
      this.asentamientos.filter((a) => a.solicitadoMs >= solicitadoDesde).map((a) => a.asentadoMs),
      ms,
    );
  }

  /** Closes the current one-second window into a sample. */
  cerrarVentana(t: number, backlog: Record<string, number | null>): Muestra {
    const p = this.ventana.percentiles();
    const hay = p.cuenta > 0;
    const muestra: Muestra = {
      t,
      enviadosPorS: this.ventanaEnviados,
      aceptadosPorS: this.ventanaAceptados,
      erroresPorS: this.ventanaErrores,
      asentadosPorS: this.ventanaAsentados,
      p50: hay ? p.p50 : null,
      p95: hay ? p.p95 : null,
      p99: hay ? p.p99 : null,
      max: hay ? p.max : null,
      backlog,
    };
    this.series.push(muestra);
    this.ventana.reiniciar();
    this.ventanaEnviados = this.ventanaAceptados = this.ventanaErrores = this.ventanaAsentados = 0;
    return muestra;
  }

  /**
   * The samples, with asentadosPorS counted by when each pago settled (server time, mapped onto the
   * drill clock) instead of when a tracking cycle happened to see it: no bursts that are only polling.
   */
  muestras(): Muestra[] {
    const instantes = this.asentamientos.map((a) => a.asentadoMs).sort((a, b) => a - b);
    let i = 0;
    return this.series.map((m) => {
      let n = 0;
      while (i < instantes.length && (instantes[i] as number) <= m.t * 1000) {
        n++;
        i++;
      }
      return { ...m, asentadosPorS: n };
    });
  }
}

function primeroDespues(instantes: number[], ms: number): number | null {
  let primero: number | null = null;
  for (const t of instantes) if (t > ms && (primero === null || t < primero)) primero = t;
  return primero;
}

/** The live progress line (stderr, once a second). */
export function lineaDeProgreso(
  m: Medidor,
  ultima: Muestra | undefined,
  extra: { transcurridoS: number; pendientes: number; enCola: number },
): string {
  const p99 = ultima?.p99 ?? null;
  return [
    `[${extra.transcurridoS.toFixed(0).padStart(4)}s]`,
    `enviados ${m.enviados}`,
    `ok ${m.aceptados}`,
    `errores ${m.errores}`,
    `tasa ${ultima?.aceptadosPorS ?? 0}/s`,
    `p99 ${p99 === null ? '-' : `${p99.toFixed(1)}ms`}`,
    `asentados ${m.asentados}`,
    `pendientes ${extra.pendientes}`,
    ...(extra.enCola > 0 ? [`en cola ${extra.enCola}`] : []),
  ].join(' · ');
}
