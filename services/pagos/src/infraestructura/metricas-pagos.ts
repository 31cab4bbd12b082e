import type { Knex } from 'knex';
import type { Metricas } from '@alpes/seedwork';
import { ESTADOS_PAGO } from '../dominio';
import type { AlProcesar } from './suscripciones';

/** Registers pagos_por_estado (queried at each scrape) and eventos_procesados_total; returns the event hook. */
export function registrarMetricasPagos(metricas: Metricas, knex: Knex): AlProcesar {
  metricas.medidor('pagos_por_estado', 'Pagos in each state', ['estado'], async (g) => {
    const filas = (await knex('pagos').select('estado').count({ n: '*' }).groupBy('estado')) as {
      estado: string;
      n: string;
    }[];
    for (const estado of ESTADOS_PAGO)
      g.set({ estado }, Number(filas.find((f) => f.estado === estado)?.n ?? 0));
  });
  const procesados = metricas.contador('eventos_procesados_total', 'Events received by outcome', [
    'topico',
    'desenlace',
  ]);
  return (topico, desenlace) => procesados.inc({ topico, desenlace });
}
