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

/** The statements that took the most time since the last reset (our two databases only). */
export async function leerEstadisticasSql(url: string, limite = 15): Promise<FilaSql[]> {
  const { rows } = await conCliente(url, (c) =>
    c.query(
      `SELECT d.datname AS base, s.calls::float8 AS llamadas,
              (s.total_exec_time + s.total_plan_time)::float8 AS total_ms,
              ((s.total_exec_time + s.total_plan_time) / s.calls)::float8 AS media_ms,
              s.total_plan_time::float8 AS plan_ms, s.rows::float8 AS filas,
              ((s.shared_blks_hit + s.shared_blks_read)::float8 / s.calls) AS bloques,
              left(regexp_replace(s.query, '\\s+', ' ', 'g'), 110) AS consulta
       FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
       WHERE d.datname IN ('pagos', 'liquidacion') AND s.calls > 0
       ORDER BY s.total_exec_time + s.total_plan_time DESC LIMIT $1`,
      [limite],
    ),
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
