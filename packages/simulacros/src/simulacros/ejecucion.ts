// What every drill shares: the drill clock, the load generator wired to SolicitarPago, the
// settlement tracker, one-second sampling (throughput, latency, Pulsar backlog), the live progress
// line, fault markers, the final verification and the report.
import { randomBytes } from 'node:crypto';
import { ClientePagos, ErrorGrpc, nombreCodigoGrpc } from '@alpes/cli';
import { ClientePasarela } from '@alpes/cliente-pasarela';
import { TOPICOS } from '@alpes/contratos';
import { ejecutarCarga, type ResumenCarga } from '../carga/generador';
import { Medidor, lineaDeProgreso, type Muestra } from '../carga/medidor';
import { Seguidor } from '../carga/seguidor';
import type { Informe, Marca, Recuperacion } from '../informe/modelo';
import type { Componente, Direcciones, Objetivo } from '../objetivos/objetivo';
import {
  verificarInvariantes,
  type Invariante,
  type PagoObservado,
  type Verificacion,
} from '../verificacion/invariantes';
import { influencersDelSimulacro, leerPoblacion } from '../verificacion/poblacion';

export interface OpcionesSimulacro {
  corto: boolean;
  /** Open-loop arrivals per second. */
  tasa: number;
  duracionS: number;
  /** Open loop: most in flight; closed loop: workers. */
  concurrencia: number;
  cerrado: boolean;
  /** How long accepted pagos may take to reach a terminal state after the load. */
  plazoS: number;
  moneda: string;
  informes: string;
  /** Deadline of each SolicitarPago. */
  plazoRpcMs: number;
  /** failover */
  componentes: Componente[];
  caidoMs: number;
  entreFallasS: number;
  /** poison: messages of each kind */
  venenos: number;
  tiposVeneno: string[];
}

const TOPICOS_MUESTREADOS = [
  TOPICOS.pagosSolicitados,
  TOPICOS.pagosSolicitadosDlq,
  TOPICOS.liquidacionesFinalizadas,
  TOPICOS.liquidacionesFallidas,
];

/** ms on the drill clock -> seconds with one decimal, for reports. */
export const segundos = (ms: number) => Math.round(ms / 100) / 10;

export const dormir = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class Ejecucion {
  readonly idEjecucion: string;
  readonly inicio = new Date();
  private readonly t0 = performance.now();
  readonly medidor = new Medidor();
  readonly seguidor: Seguidor;
  readonly pagos: ClientePagos;
  readonly pasarela: ClientePasarela;
  readonly influencers: string[];
  readonly aceptados: string[] = [];
  readonly marcas: Marca[] = [];
  readonly notas: string[] = [];
  readonly recuperaciones: Recuperacion[] = [];
  private readonly extras: Invariante[] = [];
  private backlog: Record<string, number | null> = {};
  private temporizador?: NodeJS.Timeout;
  private muestreoBacklog?: Promise<void>;
  private enCola = 0;
  private resumenCarga: ResumenCarga = { enviados: 0, maximoEnCola: 0, duracionMs: 0 };
  private ultimaMuestra?: Muestra;
  private asentamientoCompleto = true;
  /** What to undo if the drill is interrupted (Ctrl-C): restart a killed component, unblock the PSP. */
  private readonly limpiezas = new Map<string, () => Promise<unknown>>();

  constructor(
    readonly simulacro: string,
    readonly objetivo: Objetivo,
    readonly direcciones: Direcciones,
    readonly o: OpcionesSimulacro,
  ) {
    this.idEjecucion = `${this.inicio.toISOString().slice(0, 19).replace(/[-:T]/g, '')}-${randomBytes(3).toString('hex')}`;
    this.influencers = influencersDelSimulacro(this.idEjecucion, 8);
    this.pagos = new ClientePagos(direcciones.pagos, {
      plazoMs: o.plazoRpcMs,
      credencial: objetivo.credencial,
      // reconnect fast after a restart, so recovery times measure the system, not client backoff
      canal: { 'grpc.initial_reconnect_backoff_ms': 100, 'grpc.max_reconnect_backoff_ms': 1000 },
    });
    this.pasarela = new ClientePasarela(direcciones.pasarela, 10_000);
    this.seguidor = new Seguidor(this.pagos, {
      reloj: () => this.reloj(),
      inicioParedMs: this.inicio.getTime(),
      alAsentar: (a) => this.medidor.asentado(a.msHastaAsentar, a.enDrillMs),
    });
  }

  /** ms since the drill started. */
  reloj(): number {
    return performance.now() - this.t0;
  }

  marcar(etiqueta: string, tipo: Marca['tipo']): void {
    this.marcas.push({ t: this.reloj() / 1000, etiqueta, tipo });
    process.stderr.write(`\n» ${etiqueta} (${(this.reloj() / 1000).toFixed(1)} s)\n`);
  }

  agregarInvariante(i: Omit<Invariante, 'ok'> & { ok?: boolean }): void {
    this.extras.push({ ...i, ok: i.ok ?? i.cantidad === 0 });
  }

  /** Once a second: close the metrics window, refresh the backlog, print the progress line. */
  iniciarMuestreo(): void {
    const interactiva = process.stderr.isTTY === true;
    this.temporizador = setInterval(() => {
      this.ultimaMuestra = this.medidor.cerrarVentana(Math.round(this.reloj() / 100) / 10, {
        ...this.backlog,
      });
      this.muestreoBacklog ??= this.leerBacklog().finally(() => (this.muestreoBacklog = undefined));
      const linea = lineaDeProgreso(this.medidor, this.ultimaMuestra, {
        transcurridoS: this.reloj() / 1000,
        pendientes: this.seguidor.pendientes,
        enCola: this.enCola,
      });
      process.stderr.write(interactiva ? `\r\x1b[2K${linea}` : `${linea}\n`);
    }, 1000);
  }

  /** A drill started on a busy system waits behind its backlog: say so in the report. */
  async anotarBacklogInicial(): Promise<void> {
    await this.leerBacklog().catch(() => undefined);
    const pendientes = Object.entries(this.backlog).filter(([, n]) => (n ?? 0) > 0);
    if (pendientes.length > 0) {
      this.notas.push(
        `al empezar ya había mensajes pendientes (${pendientes.map(([k, n]) => `${k} ${n}`).join(', ')}): los pagos del simulacro esperan detrás de ellos`,
      );
    }
  }

  private async leerBacklog(): Promise<void> {
    const nuevo: Record<string, number | null> = {};
    await Promise.all(
      TOPICOS_MUESTREADOS.map(async (topico) => {
        try {
          const e = await this.objetivo.estadisticas(topico);
          for (const [sub, s] of Object.entries(e?.suscripciones ?? {}))
            nuevo[`${topico}/${sub}`] = s.msgBacklog;
        } catch {
          for (const clave of Object.keys(this.backlog))
            if (clave.startsWith(`${topico}/`)) nuevo[clave] = null;
        }
      }),
    );
    this.backlog = nuevo;
  }

  detenerMuestreo(): void {
    if (this.temporizador) clearInterval(this.temporizador);
    this.temporizador = undefined;
    if (process.stderr.isTTY) process.stderr.write('\n');
  }

  /** SolicitarPago at the drill's schedule; accepted pagos are tracked until they settle. */
  async cargar(duracionMs: number, senal?: AbortSignal): Promise<ResumenCarga> {
    const resumen = await ejecutarCarga(
      (i) => this.solicitar(i),
      {
        modo: this.o.cerrado ? 'cerrado' : 'abierto',
        tasa: this.o.tasa,
        duracionMs,
        concurrencia: this.o.concurrencia,
        senal,
      },
      (c) => this.medidor.respuesta(c.finMs - c.previstoMs, c.resultado.ok, c.resultado.codigo, this.reloj()),
      (e) => (this.enCola = e.enCola),
    );
    this.resumenCarga = {
      enviados: this.resumenCarga.enviados + resumen.enviados,
      maximoEnCola: Math.max(this.resumenCarga.maximoEnCola, resumen.maximoEnCola),
      duracionMs: this.resumenCarga.duracionMs + resumen.duracionMs,
    };
    return resumen;
  }

  private async solicitar(i: number): Promise<{ ok: boolean; codigo?: string }> {
    this.medidor.iniciado();
    try {
      const pago = await this.pagos.solicitar({
        claveIdempotencia: `${this.idEjecucion}-${i}`,
        idInfluencer: this.influencers[i % this.influencers.length] as string,
        monto: { moneda: this.o.moneda, unidadesMenores: BigInt(1000 + (i % 997)) },
        idPrograma: `simulacro-${this.simulacro}`,
        referencia: `${this.idEjecucion}/${i}`,
      });
      this.aceptados.push(pago.id);
      this.seguidor.seguir(pago.id, pago.creadoEn);
      return { ok: true };
    } catch (error) {
      return {
        ok: false,
        codigo: error instanceof ErrorGrpc ? nombreCodigoGrpc(error.codigo) : 'DESCONOCIDO',
      };
    }
  }

  /** Kill, keep down, restart, wait ready, then wait for the first acceptance and settlement. */
  async falla(
    componente: Componente,
    plazoListoMs: number,
    plazoRecuperacionMs: number,
  ): Promise<Recuperacion> {
    const matado = this.reloj();
    this.marcar(`matar ${componente}`, 'falla');
    this.alInterrumpir(`reiniciar ${componente}`, () => this.objetivo.reiniciar(componente));
    await this.objetivo.matar(componente);
    await dormir(this.o.caidoMs);
    const reiniciado = this.reloj();
    this.marcar(`reiniciar ${componente}`, 'reinicio');
    let listo: number | null = null;
    try {
      await this.objetivo.reiniciar(componente);
      await this.objetivo.esperarListo(componente, plazoListoMs);
      listo = this.reloj();
      this.marcar(`${componente} listo`, 'listo');
      this.limpiezas.delete(`reiniciar ${componente}`);
    } catch (error) {
      this.notas.push(
        `${componente}: no quedó listo: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    const limite = reiniciado + plazoRecuperacionMs;
    // settled again = a pago requested after the kill reached its final state after the restart
    const asentadoTrasLaFalla = () => this.medidor.primerAsentamientoDesde(reiniciado, matado);
    while (
      this.reloj() < limite &&
      !(this.medidor.ultimaAceptacionMs > reiniciado && asentadoTrasLaFalla() !== null)
    ) {
      await dormir(100);
    }
    const desde = (t: number | null) => (t === null ? null : Math.round(t - reiniciado));
    const aceptacion = desde(this.medidor.primeraAceptacionDesde(reiniciado));
    const asentamiento = desde(asentadoTrasLaFalla());
    const r: Recuperacion = {
      componente,
      matadoS: segundos(matado),
      reiniciadoS: segundos(reiniciado),
      listoS: listo === null ? null : segundos(listo),
      msHastaListo: listo === null ? null : Math.round(listo - reiniciado),
      msHastaPrimeraAceptacion: aceptacion,
      msHastaPrimerAsentamiento: asentamiento,
      msRecuperacion:
        aceptacion === null || asentamiento === null ? null : Math.max(aceptacion, asentamiento),
    };
    this.recuperaciones.push(r);
    return r;
  }

  /** Stops background tracking and cycles until every tracked pago settled or plazoS passes. */
  async esperarAsentamiento(que = 'pagos'): Promise<boolean> {
    await this.seguidor.detener();
    const todos = await this.seguidor.esperarTodos(this.o.plazoS * 1000);
    if (!todos)
      this.notas.push(
        `${this.seguidor.pendientes} ${que} seguían SOLICITADO al vencer el plazo de ${this.o.plazoS} s`,
      );
    this.asentamientoCompleto = todos;
    return todos;
  }

  /**
   * Reads back every pago of the run until none is SOLICITADO (pagos whose answer was lost in a
   * fault are not tracked, so they get the deadline here; none when tracking already ran out of
   * time), then checks the invariants against the PSP ledger.
   */
  async verificar(estadoFinalEsperado?: 'PAGADO'): Promise<Verificacion> {
    const poblacion = await this.poblacionTerminal();
    const ledger = await this.objetivo.ledger();
    const v = verificarInvariantes({
      aceptados: this.aceptados,
      poblacion,
      transferencias: ledger.map((t) => t.id_pago),
      estadoFinalEsperado,
    });
    v.invariantes.push(...this.extras);
    v.ok = v.invariantes.every((i) => i.ok);
    return v;
  }

  /** Every pago of the run, read back until none is SOLICITADO or the deadline passes. */
  async poblacionTerminal(): Promise<PagoObservado[]> {
    const plazoMs = this.asentamientoCompleto ? this.o.plazoS * 1000 : 0;
    const limite = this.reloj() + plazoMs;
    let poblacion = await leerPoblacion(this.pagos, this.influencers);
    while (poblacion.some((p) => p.estado === 'SOLICITADO') && this.reloj() < limite) {
      await dormir(1000);
      poblacion = await leerPoblacion(this.pagos, this.influencers);
    }
    return poblacion;
  }

  informe(verificacion: Verificacion, opciones: Record<string, unknown>): Informe {
    const duracionS = this.reloj() / 1000;
    if (this.seguidor.erroresDeCiclo > 0) {
      this.notas.push(
        `seguimiento: ${this.seguidor.erroresDeCiclo} de ${this.seguidor.ciclos} ciclos fallaron (servicio caído); último error: ${this.seguidor.ultimoError}`,
      );
    }
    const carga = this.medidor;
    return {
      simulacro: this.simulacro,
      objetivo: this.objetivo.nombre,
      idEjecucion: this.idEjecucion,
      inicio: this.inicio.toISOString(),
      duracionS,
      corto: this.o.corto,
      opciones,
      carga: {
        modo: this.o.cerrado ? 'cerrado' : 'abierto',
        tasaObjetivo: this.o.cerrado ? null : this.o.tasa,
        enviados: carga.enviados,
        aceptados: carga.aceptados,
        errores: carga.errores,
        erroresPorCodigo: carga.erroresPorCodigo,
        aceptadosPorS:
          this.resumenCarga.duracionMs > 0 ? (carga.aceptados * 1000) / this.resumenCarga.duracionMs : 0,
        maximoEnCola: this.resumenCarga.maximoEnCola,
        latenciaMs: carga.latencia.percentiles(),
      },
      asentamiento: {
        asentados: carga.asentados,
        ms: carga.asentamiento.percentiles(),
        pendientesAlFinal: this.seguidor.pendientes,
      },
      estadosFinales: verificacion.conteos.porEstado,
      verificacion,
      recuperaciones: this.recuperaciones,
      marcas: this.marcas,
      series: carga.muestras(),
      notas: this.notas,
      exito: verificacion.ok,
    };
  }

  alInterrumpir(nombre: string, deshacer: () => Promise<unknown>): void {
    this.limpiezas.set(nombre, deshacer);
  }

  yaNoHaceFalta(nombre: string): void {
    this.limpiezas.delete(nombre);
  }

  /** Best effort, on Ctrl-C: leave the system as the drill found it. */
  async limpiar(): Promise<void> {
    for (const [nombre, deshacer] of this.limpiezas) {
      process.stderr.write(`\ninterrumpido: ${nombre}\n`);
      await deshacer().catch((e: unknown) => process.stderr.write(`  falló: ${String(e)}\n`));
    }
    this.limpiezas.clear();
  }

  async cerrar(): Promise<void> {
    this.detenerMuestreo();
    await this.seguidor.detener();
    await this.muestreoBacklog;
    this.pagos.cerrar();
  }
}
