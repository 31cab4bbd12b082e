// `--sql`: Postgres' own account of where its time goes (pg_stat_statements, planning included):
// the test Postgres is restarted with the library preloaded before the services start, and each
// run reads and resets the statistics.
import type { EntornoDePrueba } from '@alpes/entorno';
import { Client } from 'pg';

export interface FilaSql {
  base: string;
  llamadas: number;
  /** Total execution + planning time, ms. */
  totalMs: number;
  mediaMs: number;
  planMs: number;
  filas: number;
  /** Shared buffers touched per call (hit + read): the work a statement does, unlike its time, is not
   * inflated by waiting for a core on a saturated box. */
  bloquesPorLlamada: number;
  consulta: string;
}

/**
 * Everything one database's statements did in a run (not only the top ones): shared blocks touched and WAL
 * written. Both count work, not time, so they compare runs on a noisy host; per settled payment in the
 * burst's report.
 */
export interface TotalSql {
  base: string;
  llamadas: number;
  bloques: number;
  walBytes: number;
}

/** What --sql reads after a run: its top statements and each database's totals. */
export interface EstadisticasSql {
  sentencias: FilaSql[];
  totales: TotalSql[];
}

async function conCliente<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

export async function activarEstadisticasSql(entorno: EntornoDePrueba): Promise<void> {
  await conCliente(entorno.urlPostgresAdmin, async (c) => {
    await c.query(`ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'`);
    await c.query(`ALTER SYSTEM SET pg_stat_statements.track_planning = on`);
  });
  await entorno.supervisor.reiniciar('postgres');
  await conCliente(entorno.urlPostgresAdmin, (c) =>
    c.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements'),
  );
}

export function reiniciarEstadisticasSql(url: string): Promise<unknown> {
  return conCliente(url, (c) => c.query('SELECT pg_stat_statements_reset()'));
}

/** The statements that took the most time since the last reset, and the totals (our two databases only). */
export async function leerEstadisticasSql(url: string, limite = 15): Promise<EstadisticasSql> {
  return conCliente(url, async (c) => ({
    sentencias: await leerSentencias(c, limite),
    totales: await leerTotales(c),
  }));
}

/** pg_stat_statements rows of our two databases (`s`, with `d.datname` naming the database). */
const SENTENCIAS_DE_NUESTRAS_BASES = `FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
     WHERE d.datname IN ('pagos', 'liquidacion')`;

async function leerTotales(c: Client): Promise<TotalSql[]> {
  const { rows } = await c.query(
    `SELECT d.datname AS base, sum(s.calls)::float8 AS llamadas,
            sum(s.shared_blks_hit + s.shared_blks_read)::float8 AS bloques, sum(s.wal_bytes)::float8 AS wal
     ${SENTENCIAS_DE_NUESTRAS_BASES} GROUP BY d.datname ORDER BY d.datname`,
  );
  return (rows as Record<string, unknown>[]).map((f) => ({
    base: String(f.base),
    llamadas: Number(f.llamadas),
    bloques: Number(f.bloques),
    walBytes: Number(f.wal),
  }));
}

async function leerSentencias(c: Client, limite: number): Promise<FilaSql[]> {
  const { rows } = await c.query(
    `SELECT d.datname AS base, s.calls::float8 AS llamadas,
              (s.total_exec_time + s.total_plan_time)::float8 AS total_ms,
              ((s.total_exec_time + s.total_plan_time) / s.calls)::float8 AS media_ms,
              s.total_plan_time::float8 AS plan_ms, s.rows::float8 AS filas,
              ((s.shared_blks_hit + s.shared_blks_read)::float8 / s.calls) AS bloques,
              left(regexp_replace(s.query, '\\s+', ' ', 'g'), 110) AS consulta
       ${SENTENCIAS_DE_NUESTRAS_BASES} AND s.calls > 0
       ORDER BY s.total_exec_time + s.total_plan_time DESC LIMIT $1`,
    [limite],
  );
  const r2 = (x: number) => Math.round(x * 100) / 100;
  return (rows as Record<string, unknown>[]).map((f) => ({
    base: String(f.base),
    llamadas: Number(f.llamadas),
    totalMs: r2(Number(f.total_ms)),
    mediaMs: Math.round(Number(f.media_ms) * 1000) / 1000,
    planMs: r2(Number(f.plan_ms)),
    filas: Number(f.filas),
    bloquesPorLlamada: Math.round(Number(f.bloques)),
    consulta: String(f.consulta),
  }));
}

/** Each database's totals per payment of the run (`pagos`): statements, blocks touched, WAL written. */
export function textoTotalesSql(totales: readonly TotalSql[], pagos: number, fase: string): string[] {
  if (totales.length === 0 || pagos <= 0) return [];
  const por = (x: number) => x / pagos;
  return [
    `Postgres por pago (${fase}, todas las sentencias):`,
    ...totales.map(
      (t) =>
        `  ${t.base.padEnd(11)} ${por(t.llamadas).toFixed(2)} sentencias · ${por(t.bloques).toFixed(0)} bloques · ` +
        `${(por(t.walBytes) / 1024).toFixed(2)} KiB de WAL`,
    ),
  ];
}
