// The gauge of an aggregate's rows by estado, shared by both services (pagos_por_estado, liquidaciones).
import type { Knex } from 'knex';
import type { Metricas } from '../metricas';
import type { Logger } from '../registro';

export interface MedidorPorEstado {
  /** Metric name (an operator contract: dashboards and alerts read it). */
  nombre: string;
  ayuda: string;
  tabla: string;
  /** Every estado, so each series exists from 0 before any row is in it. */
  estados: readonly string[];
}

/**
 * Registers `nombre{estado}`: one COUNT ... GROUP BY estado per scrape (on the estado index). When the
 * database does not answer it keeps its last values, so /metrics still serves everything else.
 */
export function medirPorEstado(
  metricas: Metricas,
  knex: Knex,
  medidor: MedidorPorEstado,
  logger?: Logger,
): void {
  metricas.medidor(medidor.nombre, medidor.ayuda, ['estado'], async (g) => {
    let filas: Array<{ estado: string; n: string }>;
    try {
      filas = (await knex(medidor.tabla)
        .select('estado')
        .count({ n: '*' })
        .groupBy('estado')) as typeof filas;
    } catch (error) {
      logger?.warn(`${medidor.nombre}: no se pudo contar por estado; se mantienen los últimos valores`, {
        error,
      });
      return;
    }
    for (const estado of medidor.estados) {
      g.set({ estado }, Number(filas.find((f) => f.estado === estado)?.n ?? 0));
    }
  });
}
