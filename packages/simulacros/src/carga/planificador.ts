// Open-loop arrival schedule: request i is due at i / tasa seconds after the start, whatever
// happened to earlier requests. Latency is measured from that intended instant, so a stalled
// server is charged for the requests it delayed (no coordinated omission).

export interface Plan {
  /** Requests per second. */
  tasa: number;
  /** Duration in ms; Infinity runs until stopped. */
  duracionMs: number;
}

/** How many requests the whole run sends. */
export function totalPrevisto(plan: Plan): number {
  if (!Number.isFinite(plan.duracionMs)) return Infinity;
  return Math.floor((plan.tasa * plan.duracionMs) / 1000);
}

/** Intended send instant of request i, in ms after the start. */
export function instantePrevisto(i: number, tasa: number): number {
  return (i * 1000) / tasa;
}

/** How many requests are due by `transcurridoMs` (those with instantePrevisto <= transcurridoMs). */
export function debidosHasta(transcurridoMs: number, plan: Plan): number {
  if (transcurridoMs < 0) return 0;
  // a tiny epsilon keeps i/tasa*1000 == t from being lost to float rounding (e.g. tasa 3)
  return Math.min(totalPrevisto(plan), Math.floor((transcurridoMs * plan.tasa) / 1000 + 1e-9) + 1);
}

/** Latency of request i charged from its intended instant (coordinated-omission-safe). */
export function latenciaDesdePrevisto(finMs: number, inicioMs: number, i: number, tasa: number): number {
  return finMs - (inicioMs + instantePrevisto(i, tasa));
}
