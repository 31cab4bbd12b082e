// The bench's measurements, on the drills' load generator, histograms and settlement tracker
// (@alpes/simulacros): closed/open-loop runs of SolicitarPago, and a burst followed until settled.
import { ClientePagos, ErrorGrpc, nombreCodigoGrpc } from '@alpes/cli';
import { pagos } from '@alpes/contratos';
// Deep imports: the package index exports the drill targets only; carga/ is the generator itself.
import { ejecutarCarga } from '../carga/generador';
import { lineaDeProgreso, Medidor, type Percentiles } from '../carga/medidor';
import { Seguidor } from '../carga/seguidor';
import { diferencia, type CpuPorComponente } from './cpu';
import { carga } from './maquina';
import type { EstadisticasSql, FilaSql, TotalSql } from './sql';

export interface ResultadoCorrida {
  modo: 'cerrado' | 'abierto';
  concurrencia: number;
  /** Open loop only. */
  tasaObjetivo: number | null;
  duracionS: number;
  enviados: number;
  aceptados: number;
  aceptadosPorS: number;
  /** Closed loop: from the call's start; open loop: from its intended instant (no coordinated omission). */
  latenciaMs: Percentiles;
  erroresPorCodigo: Record<string, number>;
  /** Open loop: most requests due but waiting for a free slot. */
  maximoEnCola: number;
  /**
   * Open loop: arrivals never sent because the run's time (plus a grace of GRACIA_ABIERTO_MS) was up while
   * they still waited for a slot: the system could not keep the rate. Counted as errors (NO_ENVIADO).
   */
  noEnviados: number;
  /** Load average (1 min) when the run ended. */
  carga: number;
  /** Cores each component kept busy during the run (CPU s / wall s); the machine has os.cpus().length. */
  nucleos: CpuPorComponente;
  /** Seconds the system then took to settle every payment it had accepted (null: deadline passed). */
  drenadoS: number | null;
  /** With --sql: top statements from the run's start until its payments settled, and each database's totals. */
  sql?: FilaSql[];
  sqlTotales?: TotalSql[];
  /** With --aislar: the run had settlement paused; its accepted payments settled from a backlog at this rate. */
  aislada: boolean;
  asentadosPorSDesdeBacklog: number | null;
}

export interface ResultadoRafaga {
  pagos: number;
  concurrencia: number;
  aceptados: number;
  erroresPorCodigo: Record<string, number>;
  /** Seconds to submit the whole burst, and accepted/s while submitting. */
  envioS: number;
  aceptadosPorS: number;
  latenciaEnvioMs: Percentiles;
  /** From the first submit to the last payment settled (server timestamps); null when some never settled. */
  todosAsentadosS: number | null;
  asentadosPorS: number | null;
  /** Per payment: server creation to server settlement. */
  envioAAsentadoMs: Percentiles;
  estados: Record<string, number>;
  carga: number;
  /** From the first submit until all settled: cores busy per component, and CPU ms per settled payment. */
  nucleos: CpuPorComponente;
  cpuMsPorPago: CpuPorComponente;
  /** With --sql: top statements of the burst (submit + settlement), and each database's totals. */
  sql?: FilaSql[];
  sqlTotales?: TotalSql[];
}

export interface Contexto {
  cliente: ClientePagos;
  /** Prefix of idempotency keys: unique per bench run. */
  idBench: string;
  plazoAsentamientoS: number;
  /** Progress lines (stderr). */
  progreso: (linea: string) => void;
  /** CPU seconds so far per component (see cpu.ts). */
  cpu: () => CpuPorComponente;
  /**
   * With --aislar: stops settlement (liquidacion's sidecar) during each closed/open-loop run and resumes it
   * after, so the run measures acceptance alone and the drain measures settlement of a backlog alone.
   */
  aislamiento?: { pausar(): Promise<unknown>; reanudar(): Promise<unknown> };
  /** With --sql: resets / reads pg_stat_statements around each run. */
  sql?: { reiniciar(): Promise<unknown>; leer(): Promise<EstadisticasSql> };
}

/** With --sql, the fields of a run's result; nothing without. */
async function leerSql(ctx: Contexto): Promise<{ sql?: FilaSql[]; sqlTotales?: TotalSql[] }> {
  const r = await ctx.sql?.leer();
  return r ? { sql: r.sentencias, sqlTotales: r.totales } : {};
}

/** CPU s per component over `s` wall seconds -> cores used, 2 decimals. */
function nucleos(cpu: CpuPorComponente, s: number): CpuPorComponente {
  return Object.fromEntries(Object.entries(cpu).map(([k, v]) => [k, Math.round((v / s) * 100) / 100]));
}

const INFLUENCERS = 16;
/** An open-loop run stops sending this long after its duration (else a backlog would run it for minutes). */
export const GRACIA_ABIERTO_MS = 2000;
const NO_ENVIADO = 'NO_ENVIADO';

function solicitud(ctx: Contexto, fase: string, i: number): pagos.SolicitarPagoRequest {
  return {
    claveIdempotencia: `${ctx.idBench}-${fase}-${i}`,
    idInfluencer: `bench-${i % INFLUENCERS}`,
    idPrograma: 'bench',
    referencia: `${fase}/${i}`,
    monto: { moneda: 'COP', unidadesMenores: BigInt(1000 + (i % 997)) },
  };
}

async function enviar(
  ctx: Contexto,
  fase: string,
  i: number,
  alAceptar?: (p: pagos.Pago) => void,
): Promise<{ ok: boolean; codigo?: string }> {
  try {
    const pago = await ctx.cliente.solicitar(solicitud(ctx, fase, i));
    alAceptar?.(pago);
    return { ok: true };
  } catch (error) {
    return { ok: false, codigo: error instanceof ErrorGrpc ? nombreCodigoGrpc(error.codigo) : 'DESCONOCIDO' };
  }
}

/** Once a second: close the measurement window and print the progress line. */
function conProgreso<T>(
  ctx: Contexto,
  etiqueta: string,
  medidor: Medidor,
  estado: () => { pendientes: number; enCola: number },
  trabajo: () => Promise<T>,
): Promise<T> {
  const t0 = performance.now();
  const temporizador = setInterval(() => {
    const transcurridoS = (performance.now() - t0) / 1000;
    const muestra = medidor.cerrarVentana(Math.round(transcurridoS), {});
    ctx.progreso(
      `${etiqueta} ${lineaDeProgreso(medidor, muestra, { transcurridoS, ...estado() })} · carga ${carga()[0]}`,
    );
  }, 1000);
  return trabajo().finally(() => clearInterval(temporizador));
}

/** One closed-loop (workers back to back) or open-loop (fixed arrival rate) run of SolicitarPago. */
export async function corrida(
  ctx: Contexto,
  o: { modo: 'cerrado' | 'abierto'; concurrencia: number; tasa: number; duracionS: number; fase: string },
): Promise<ResultadoCorrida> {
  const medidor = new Medidor();
  const aislada = ctx.aislamiento !== undefined && o.fase !== 'calentamiento';
  if (aislada) await ctx.aislamiento!.pausar();
  await ctx.sql?.reiniciar();
  const inicio = performance.now();
  const cpuAntes = ctx.cpu();
  let enCola = 0;
  // Open loop: arrivals still queued for a slot after the run's time (+ grace) are not sent at all.
  const corteMs = o.modo === 'abierto' ? inicio + o.duracionS * 1000 + GRACIA_ABIERTO_MS : Infinity;
  const resumen = await conProgreso(
    ctx,
    o.fase,
    medidor,
    () => ({ pendientes: 0, enCola }),
    () =>
      ejecutarCarga(
        async (i) => {
          if (performance.now() > corteMs) return { ok: false, codigo: NO_ENVIADO };
          medidor.iniciado();
          return enviar(ctx, o.fase, i);
        },
        {
          modo: o.modo,
          tasa: o.tasa,
          duracionMs: o.duracionS * 1000,
          concurrencia: o.concurrencia,
        },
        (c) =>
          medidor.respuesta(
            c.finMs - c.previstoMs,
            c.resultado.ok,
            c.resultado.codigo,
            performance.now() - inicio,
          ),
        (e) => (enCola = e.enCola),
      ),
  );
  const cargaAlTerminar = carga()[0];
  const cpu = diferencia(cpuAntes, ctx.cpu());
  const noEnviados = medidor.erroresPorCodigo[NO_ENVIADO] ?? 0;
  if (aislada) await ctx.aislamiento!.reanudar();
  const drenadoS = await esperarSinSolicitados(ctx, o.fase);
  return {
    modo: o.modo,
    concurrencia: o.concurrencia,
    tasaObjetivo: o.modo === 'abierto' ? o.tasa : null,
    duracionS: Math.round(resumen.duracionMs) / 1000,
    enviados: resumen.enviados - noEnviados,
    aceptados: medidor.aceptados,
    aceptadosPorS: Math.round((medidor.aceptados * 1000) / resumen.duracionMs),
    latenciaMs: medidor.latencia.percentiles(),
    erroresPorCodigo: medidor.erroresPorCodigo,
    maximoEnCola: resumen.maximoEnCola,
    noEnviados,
    carga: cargaAlTerminar,
    nucleos: nucleos(cpu, resumen.duracionMs / 1000),
    drenadoS,
    aislada,
    asentadosPorSDesdeBacklog: aislada && drenadoS ? Math.round(medidor.aceptados / drenadoS) : null,
    ...(await leerSql(ctx)),
  };
}

/** Polls until no pago is SOLICITADO (what a run accepted has settled); seconds it took, null past the deadline. */
export async function esperarSinSolicitados(ctx: Contexto, fase: string): Promise<number | null> {
  const t0 = performance.now();
  const limite = t0 + ctx.plazoAsentamientoS * 1000;
  let ultimoAviso = t0;
  for (;;) {
    const r = await ctx.cliente.listar({ estado: pagos.EstadoPago.ESTADO_PAGO_SOLICITADO, pageSize: 1 });
    const ahora = performance.now();
    if (r.pagos.length === 0) return Math.round(ahora - t0) / 1000;
    if (ahora > limite) return null;
    if (ahora - ultimoAviso >= 5000) {
      ultimoAviso = ahora;
      ctx.progreso(`${fase} esperando a que se asiente lo aceptado (${Math.round((ahora - t0) / 1000)} s)`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * Submits `n` payments as fast as `concurrencia` in-flight calls allow, then waits until none is
 * SOLICITADO (one tiny ListarPagos per 250 ms: tracking each payment while they settle would load
 * pagos and Postgres and slow what is measured), then reads their final states once with the
 * drills' tracker. The settle figures use the server's timestamps (created, last updated).
 */
export async function rafaga(ctx: Contexto, n: number, concurrencia: number): Promise<ResultadoRafaga> {
  const medidor = new Medidor();
  await ctx.sql?.reiniciar();
  const inicioParedMs = Date.now();
  const t0 = performance.now();
  const reloj = () => performance.now() - t0;
  const cpuAntes = ctx.cpu();
  let ultimoAsentadoMs = 0;
  const seguidor = new Seguidor(ctx.cliente, {
    reloj,
    inicioParedMs,
    alAsentar: (a) => {
      medidor.asentado(a.msHastaAsentar, a.enDrillMs);
      ultimoAsentadoMs = Math.max(ultimoAsentadoMs, a.enDrillMs);
    },
  });
  // An open loop whose every arrival is due at once: the in-flight cap is the only limit.
  const tasa = 1_000_000;
  const resumen = await conProgreso(
    ctx,
    'rafaga',
    medidor,
    () => ({ pendientes: 0, enCola: 0 }),
    () =>
      ejecutarCarga(
        (i) => {
          medidor.iniciado();
          return enviar(ctx, 'rafaga', i, (p) => seguidor.seguir(p.id, p.creadoEn));
        },
        { modo: 'abierto', tasa, duracionMs: (n * 1000) / tasa, concurrencia },
        (c) => medidor.respuesta(c.finMs - c.inicioMs, c.resultado.ok, c.resultado.codigo, reloj()),
      ),
  );
  ctx.progreso(
    `rafaga: ${medidor.aceptados} aceptados en ${(resumen.duracionMs / 1000).toFixed(1)} s; esperando a que se asienten…`,
  );
  await esperarSinSolicitados(ctx, 'rafaga');
  const cpu = diferencia(cpuAntes, ctx.cpu());
  const ventanaS = reloj() / 1000;
  const sql = await leerSql(ctx);
  await seguidor.esperarTodos(ctx.plazoAsentamientoS * 1000, 500); // one read of the final states
  const todos = seguidor.pendientes === 0 && medidor.aceptados > 0;
  const todosS = todos ? ultimoAsentadoMs / 1000 : null;
  return {
    pagos: n,
    concurrencia,
    aceptados: medidor.aceptados,
    erroresPorCodigo: medidor.erroresPorCodigo,
    envioS: Math.round(resumen.duracionMs) / 1000,
    aceptadosPorS: Math.round((medidor.aceptados * 1000) / resumen.duracionMs),
    latenciaEnvioMs: medidor.latencia.percentiles(),
    todosAsentadosS: todosS === null ? null : Math.round(todosS * 100) / 100,
    asentadosPorS: todosS ? Math.round(medidor.asentados / todosS) : null,
    envioAAsentadoMs: medidor.asentamiento.percentiles(),
    estados: seguidor.conteo(),
    carga: carga()[0],
    // the window ends at the poll that saw none pending (<= 250 ms after the last settlement)
    nucleos: nucleos(cpu, ventanaS),
    ...sql,
    cpuMsPorPago: Object.fromEntries(
      Object.entries(cpu)
        .filter(([k]) => k !== 'ajenos')
        .map(([k, v]) => [k, Math.round((v * 1000 * 100) / Math.max(1, medidor.asentados)) / 100]),
    ),
  };
}
