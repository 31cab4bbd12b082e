// The bench's figures for people (aligned text) and for tools (--json).
import { tabla } from '@alpes/cli';
import type { Anclas } from './anclas/modelo';
import { textoAnclas } from './anclas/texto';
import { textoCocientes, type Cociente } from './cocientes';
import { esParte } from './cpu';
import type { Maquina } from './maquina';
import type { ResultadoCorrida, ResultadoRafaga } from './medicion';
import { textoTotalesSql } from './sql';
import { cpuSistemaPorPago, textoSuelo, type Suelo } from './suelo';

/** The issue's aim on a 2-core machine with the whole stack on it (CPU: every process but the load client). */
export const OBJETIVO = { aceptadosPorS: 3000, p99Ms: 50, asentadosPorS: 1000, cpuMsPorPago: 2 };

export interface Informe {
  inicio: string;
  duracionS: number;
  desplazamientoPuertos: number;
  maquina: Maquina;
  /** Load average (1, 5, 15 min) before the system started and when the bench ended. */
  cargaAntes: number[];
  cargaDespues: number[];
  opciones: Record<string, unknown>;
  corridas: ResultadoCorrida[];
  rafaga: ResultadoRafaga | null;
  /** Transfers in the PSP ledger vs payments accepted over the whole bench (warm-up included). */
  ledger: { transferencias: number; pagosAceptados: number } | null;
  objetivo: {
    aceptados: { cumplido: boolean; mejor: string };
    asentados: { cumplido: boolean; medido: number | null };
    /** CPU ms per settled payment in the burst, all processes but the bench client. */
    cpu: { cumplido: boolean; medidoMs: number | null };
  };
  /** Ceilings measured in the same run (null: none asked for with --fases). */
  anclas: Anclas | null;
  /** Each figure beside its ceiling (cocientes.ts). */
  cocientes: Cociente[];
  /** The anchors' floor under a settled payment's CPU (suelo.ts); null without all three anchors. */
  suelo: Suelo | null;
}

/** Best run meeting p99 ≤ 50 ms without errors; the aim holds when it reaches 3,000/s. */
export function evaluar(corridas: ResultadoCorrida[], rafaga: ResultadoRafaga | null): Informe['objetivo'] {
  // runs with settlement paused (--aislar) do not count: the aim is with the whole system working
  const validas = corridas.filter(
    (c) => !c.aislada && c.latenciaMs.p99 <= OBJETIVO.p99Ms && Object.keys(c.erroresPorCodigo).length === 0,
  );
  const mejor = validas.sort((a, b) => b.aceptadosPorS - a.aceptadosPorS)[0];
  return {
    aceptados: {
      cumplido: (mejor?.aceptadosPorS ?? 0) >= OBJETIVO.aceptadosPorS,
      mejor: mejor
        ? `${mejor.aceptadosPorS}/s con p99 ${mejor.latenciaMs.p99} ms (${nombreCorrida(mejor)})`
        : `ninguna corrida con p99 ≤ ${OBJETIVO.p99Ms} ms y sin errores`,
    },
    asentados: {
      cumplido: (rafaga?.asentadosPorS ?? 0) >= OBJETIVO.asentadosPorS,
      medido: rafaga?.asentadosPorS ?? null,
    },
    cpu: cpuPorPago(rafaga),
  };
}

function cpuPorPago(rafaga: ResultadoRafaga | null): Informe['objetivo']['cpu'] {
  // a burst with nothing settled has no CPU per settled payment to judge
  const medidoMs = rafaga && (rafaga.asentadosPorS ?? 0) > 0 ? cpuSistemaPorPago(rafaga) : null;
  return { cumplido: medidoMs !== null && medidoMs <= OBJETIVO.cpuMsPorPago, medidoMs };
}

function nombreCorrida(c: ResultadoCorrida): string {
  return c.modo === 'cerrado'
    ? `lazo cerrado, ${c.concurrencia} en vuelo`
    : `lazo abierto a ${c.tasaObjetivo}/s, hasta ${c.concurrencia} en vuelo`;
}

const ms = (x: number) => x.toFixed(x < 10 ? 2 : 1);
const errores = (e: Record<string, number>) =>
  Object.entries(e)
    .map(([codigo, n]) => `${codigo} ${n}`)
    .join(', ') || '0';

export function textoInforme(i: Informe): string {
  const m = i.maquina;
  const v = m.versiones;
  const partes: string[] = [
    `Bench de pagos · ${i.inicio} · ${i.duracionS.toFixed(0)} s · puertos +${i.desplazamientoPuertos}`,
    `máquina: ${m.nucleos} núcleos · ${m.modelo} · ${m.memoriaGiB} GiB · ${m.kernel}`,
    `versiones: node ${v.node} · Postgres ${v.postgres} · daprd ${v.dapr} · Pulsar ${v.pulsar} · grpc-js ${v.grpcJs}`,
    `carga (uptime) antes: ${i.cargaAntes.join(' ')} · después: ${i.cargaDespues.join(' ')}`,
    ...ajustes(i.opciones),
  ];
  if (i.corridas.length > 0) {
    partes.push(
      '',
      'SolicitarPago (latencias en ms; lazo abierto: desde el instante previsto)' +
        (i.corridas.some((c) => c.aislada)
          ? '; --aislar: liquidacion pausada durante cada corrida, luego asienta el backlog sola'
          : ''),
      tabla<ResultadoCorrida>(
        [
          { titulo: 'modo', valor: (c) => c.modo },
          { titulo: 'en vuelo', valor: (c) => String(c.concurrencia), alineacion: 'derecha' },
          {
            titulo: 'tasa obj.',
            valor: (c) => (c.tasaObjetivo === null ? '-' : `${c.tasaObjetivo}/s`),
            alineacion: 'derecha',
          },
          { titulo: 'aceptados/s', valor: (c) => String(c.aceptadosPorS), alineacion: 'derecha' },
          { titulo: 'p50', valor: (c) => ms(c.latenciaMs.p50), alineacion: 'derecha' },
          { titulo: 'p95', valor: (c) => ms(c.latenciaMs.p95), alineacion: 'derecha' },
          { titulo: 'p99', valor: (c) => ms(c.latenciaMs.p99), alineacion: 'derecha' },
          { titulo: 'max', valor: (c) => ms(c.latenciaMs.max), alineacion: 'derecha' },
          { titulo: 'aceptados', valor: (c) => String(c.aceptados), alineacion: 'derecha' },
          { titulo: 'errores', valor: (c) => errores(c.erroresPorCodigo) },
          { titulo: 'carga', valor: (c) => c.carga.toFixed(1), alineacion: 'derecha' },
          ...(i.corridas.some((c) => c.aislada)
            ? [
                {
                  titulo: 'asentados/s (backlog)',
                  valor: (c: ResultadoCorrida) =>
                    c.asentadosPorSDesdeBacklog === null ? '-' : String(c.asentadosPorSDesdeBacklog),
                  alineacion: 'derecha' as const,
                },
              ]
            : []),
          {
            titulo: 'asentado en',
            valor: (c) => (c.drenadoS === null ? 'no' : `${c.drenadoS.toFixed(1)} s`),
            alineacion: 'derecha',
          },
        ],
        i.corridas,
      ),
    );
  }
  const r = i.rafaga;
  if (r) {
    partes.push(
      '',
      `Ráfaga de ${r.pagos} pagos (hasta ${r.concurrencia} en vuelo) hasta PAGADO`,
      `  envío: ${r.envioS.toFixed(2)} s · ${r.aceptadosPorS} aceptados/s · p50 ${ms(r.latenciaEnvioMs.p50)} ms · p99 ${ms(r.latenciaEnvioMs.p99)} ms · errores ${errores(r.erroresPorCodigo)}`,
      `  todos asentados: ${r.todosAsentadosS === null ? 'NO (plazo vencido)' : `${r.todosAsentadosS.toFixed(2)} s desde el primer envío · ${r.asentadosPorS} asentados/s`}`,
      `  envío→asentado por pago: p50 ${ms(r.envioAAsentadoMs.p50)} ms · p95 ${ms(r.envioAAsentadoMs.p95)} ms · p99 ${ms(r.envioAAsentadoMs.p99)} ms · max ${ms(r.envioAAsentadoMs.max)} ms`,
      `  estados: ${Object.entries(r.estados)
        .map(([e, n]) => `${e} ${n}`)
        .join(' · ')} · carga ${r.carga.toFixed(1)}`,
    );
  }
  partes.push('', ...tablaCpu(i));
  const sql = i.rafaga?.sql ?? i.corridas.at(-1)?.sql;
  if (sql) {
    partes.push(
      '',
      `Postgres: sentencias con más tiempo (${i.rafaga?.sql ? 'ráfaga' : 'última corrida'}; ms = ejecución + planificación)`,
      tabla(
        [
          { titulo: 'base', valor: (f) => f.base },
          { titulo: 'llamadas', valor: (f) => String(f.llamadas), alineacion: 'derecha' },
          { titulo: 'total ms', valor: (f) => f.totalMs.toFixed(0), alineacion: 'derecha' },
          { titulo: 'media ms', valor: (f) => f.mediaMs.toFixed(3), alineacion: 'derecha' },
          { titulo: 'plan ms', valor: (f) => f.planMs.toFixed(0), alineacion: 'derecha' },
          { titulo: 'bloques/llamada', valor: (f) => String(f.bloquesPorLlamada), alineacion: 'derecha' },
          { titulo: 'sentencia', valor: (f) => f.consulta },
        ],
        sql,
      ),
    );
  }
  if (i.rafaga?.sqlTotales)
    partes.push('', ...textoTotalesSql(i.rafaga.sqlTotales, i.rafaga.aceptados, 'ráfaga'));
  if (i.anclas) partes.push('', ...textoAnclas(i.anclas));
  const cocientes = textoCocientes(i.cocientes);
  if (cocientes.length > 0) partes.push('', ...cocientes);
  if (i.suelo) partes.push('', ...textoSuelo(i.suelo, i.rafaga, OBJETIVO.cpuMsPorPago));
  const l = i.ledger;
  if (l) {
    partes.push(
      '',
      `ledger de la pasarela: ${l.transferencias} transferencias para ${l.pagosAceptados} pagos aceptados ${l.transferencias === l.pagosAceptados ? '(una por pago)' : '(¡NO coincide!)'}`,
    );
  }
  partes.push(
    ...(l ? [] : ['']),
    `objetivo ≥ ${OBJETIVO.aceptadosPorS} aceptados/s con p99 ≤ ${OBJETIVO.p99Ms} ms: ${i.objetivo.aceptados.cumplido ? 'sí' : 'NO'} (mejor: ${i.objetivo.aceptados.mejor})`,
    `objetivo ≥ ${OBJETIVO.asentadosPorS} asentados/s: ${i.objetivo.asentados.cumplido ? 'sí' : 'NO'} (medido: ${i.objetivo.asentados.medido ?? '-'}/s)`,
    `objetivo ≤ ${OBJETIVO.cpuMsPorPago} ms de CPU por pago asentado: ${i.objetivo.cpu.cumplido ? 'sí' : 'NO'} (medido: ${i.objetivo.cpu.medidoMs ?? '-'} ms${i.suelo ? `; suelo de las anclas ${i.suelo.totalMs.toFixed(2)} ms` : ''})`,
  );
  return partes.join('\n');
}

const ORDEN = [
  'pagos',
  'daprd-pagos',
  'liquidacion',
  'daprd-liquidacion',
  'pasarela-simulada',
  'postgres',
  'postgres/pagos',
  'postgres/liquidacion',
  'pulsar',
  'bench',
  'ajenos',
];

/** Where the CPU went: cores busy per component in each run, and CPU ms per settled payment in the burst. */
function tablaCpu(i: Informe): string[] {
  const filas: { nombre: string; valores: Record<string, number>; formato: (x: number) => string }[] = [
    ...i.corridas.map((c) => ({
      nombre: c.modo === 'cerrado' ? `cerrado ${c.concurrencia}` : `abierto ${c.tasaObjetivo}/s`,
      valores: c.nucleos,
      formato: (x: number) => x.toFixed(2),
    })),
    ...(i.rafaga
      ? [
          { nombre: 'ráfaga', valores: i.rafaga.nucleos, formato: (x: number) => x.toFixed(2) },
          { nombre: 'ráfaga ms/pago', valores: i.rafaga.cpuMsPorPago, formato: (x: number) => x.toFixed(2) },
        ]
      : []),
  ];
  if (filas.length === 0) return [];
  const presentes = new Set(filas.flatMap((f) => Object.keys(f.valores)));
  const componentes = [
    ...ORDEN.filter((c) => presentes.has(c)),
    ...[...presentes].filter((c) => !ORDEN.includes(c)),
  ];
  // 'ajenos' is other work on the machine, not part of the system, and 'postgres/<base>' a part of
  // 'postgres': both left out of the total
  const total = (v: Record<string, number>) =>
    Object.entries(v).reduce((a, [k, x]) => (k === 'ajenos' || esParte(k) ? a : a + x), 0);
  return [
    `CPU por componente: núcleos ocupados durante cada corrida (de ${i.maquina.nucleos}); en la ráfaga también ms de CPU por pago asentado;`,
    `'ajenos' = otros procesos de la máquina (ruido), fuera del total; 'pg/<base>' = la parte de postgres de las conexiones a esa base (incluida en postgres)`,
    tabla(
      [
        { titulo: '', valor: (f: (typeof filas)[number]) => f.nombre },
        ...componentes.map((c) => ({
          titulo: c
            .replace('daprd-', 'dapr-')
            .replace('postgres/', 'pg/')
            .replace('pasarela-simulada', 'pasarela')
            .replace('liquidacion', 'liq'),
          valor: (f: (typeof filas)[number]) => (f.valores[c] === undefined ? '-' : f.formato(f.valores[c])),
          alineacion: 'derecha' as const,
        })),
        {
          titulo: 'total',
          valor: (f: (typeof filas)[number]) => f.formato(total(f.valores)),
          alineacion: 'derecha' as const,
        },
      ],
      filas,
    ),
  ];
}

/** The --env / --pubsub overrides of the run, if any (figures with them are experiments). */
function ajustes(opciones: Record<string, unknown>): string[] {
  const pares = (x: unknown) =>
    Object.entries((x ?? {}) as Record<string, string>).map(([k, v]) => `${k}=${v}`);
  const todos = [...pares(opciones.entorno), ...pares(opciones.pubsub).map((p) => `pubsub ${p}`)];
  return todos.length > 0 ? [`ajustes: ${todos.join(' · ')}`] : [];
}
