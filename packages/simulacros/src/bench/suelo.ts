// The floor the anchors of one run put under a settled payment's CPU: what the architecture spends on a
// payment before any domain work. One SolicitarPago through pagos' gRPC stack (the echo), two Dapr
// deliveries (PagoSolicitado to liquidacion, its result back to pagos) and the grouped SolicitarPago
// write. Beside the burst's CPU per settled payment and the budget, it says how much of the
// budget the messaging takes and how much is left for everything else (issue #11).
import { esParte, type CpuPorComponente } from './cpu';
import type { Anclas } from './anclas/modelo';
import { PROCESO_ECO } from './anclas/eco-grpc';
import type { ResultadoRafaga } from './medicion';

/** A settled payment crosses Dapr twice: pagos-solicitados to liquidacion, liquidaciones-finalizadas to pagos. */
export const ENTREGAS_POR_PAGO = 2;

export interface Suelo {
  /** ms of CPU of the echo server per call: the cheapest of the echo runs (the stack alone). */
  ecoMsPorLlamada: number;
  /** ms of CPU per delivery of the Dapr loop (both daprd, Pulsar, the trivial app), by component. */
  entregaMsPorComponente: CpuPorComponente;
  entregaMsPorEntrega: number;
  /** ms of Postgres CPU per payment of the grouped write. */
  escrituraMsPorPago: number;
  /** eco + ENTREGAS_POR_PAGO × entrega + escritura. */
  totalMs: number;
}

const redondear = (x: number) => Math.round(x * 1000) / 1000;

/** The processes of the system: the load client (bench), other work (ajenos) and parts of one are not. */
function delSistema(clave: string): boolean {
  return clave !== 'bench' && clave !== 'ajenos' && !esParte(clave);
}

/** CPU ms per settled payment of the whole system in the burst (the bench client left out). */
export function cpuSistemaPorPago(rafaga: ResultadoRafaga): number {
  return redondear(Object.entries(rafaga.cpuMsPorPago).reduce((a, [k, v]) => (delSistema(k) ? a + v : a), 0));
}

/** The floor, or null unless all three anchors were measured (--fases eco,postgres,dapr). */
export function calcularSuelo(anclas: Anclas | null): Suelo | null {
  const ecos = (anclas?.eco ?? [])
    .filter((c) => c.aceptadosPorS > 0 && (c.nucleos[PROCESO_ECO] ?? 0) > 0)
    .map((c) => (c.nucleos[PROCESO_ECO]! * 1000) / c.aceptadosPorS);
  const dapr = anclas?.dapr;
  const escritura = anclas?.postgres?.agrupada.cpuMsPorPago.postgres;
  if (ecos.length === 0 || !dapr || dapr.entregasPorS === null || escritura === undefined) return null;
  const entregaMsPorComponente = Object.fromEntries(
    Object.entries(dapr.cpuMsPorEntrega).filter(([k, v]) => delSistema(k) && v > 0),
  );
  const entrega = Object.values(entregaMsPorComponente).reduce((a, v) => a + v, 0);
  const eco = Math.min(...ecos);
  return {
    ecoMsPorLlamada: redondear(eco),
    entregaMsPorComponente,
    entregaMsPorEntrega: redondear(entrega),
    escrituraMsPorPago: redondear(escritura),
    totalMs: redondear(eco + ENTREGAS_POR_PAGO * entrega + escritura),
  };
}

/** The floor for people, beside the burst and the budget. */
export function textoSuelo(s: Suelo, rafaga: ResultadoRafaga | null, objetivoMs: number): string[] {
  const f = (x: number) => x.toFixed(2);
  const partes = Object.entries(s.entregaMsPorComponente)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${f(v)}`)
    .join(' · ');
  const lineas = [
    'Suelo de CPU por pago asentado, de las anclas de esta corrida (lo que cuesta la mensajería antes de',
    'cualquier trabajo de dominio):',
    `  eco gRPC ${f(s.ecoMsPorLlamada)} + ${ENTREGAS_POR_PAGO} entregas Dapr × ${f(s.entregaMsPorEntrega)} (${partes})` +
      ` + escritura agrupada ${f(s.escrituraMsPorPago)} = ${f(s.totalMs)} ms`,
    `  presupuesto ${f(objetivoMs)} ms: el suelo se lleva ${Math.round((100 * s.totalMs) / objetivoMs)} %, quedan` +
      ` ${f(Math.max(0, objetivoMs - s.totalMs))} ms para el resto (liquidacion, la pasarela, los resultados en pagos, los relevos)`,
  ];
  if (rafaga) {
    const medido = cpuSistemaPorPago(rafaga);
    lineas.push(`  ráfaga: ${f(medido)} ms por pago asentado, ${f(medido - s.totalMs)} ms sobre el suelo`);
  }
  return lineas;
}
