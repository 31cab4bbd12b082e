// pagos' own metrics (outbox lag and publish failures come from RelayOutbox): pagos by estado (a gauge
// read from the database at each scrape), requests accepted, operator retries, settlement events received.
import type { Knex } from 'knex';
import type { Logger, Metricas } from '@alpes/seedwork';
import { ESTADOS_PAGO } from '../dominio';
import type { ReintentarPago } from '../aplicacion/comandos/reintentar-pago';
import type { ResultadoSolicitarPago, SolicitarPago } from '../aplicacion/comandos/solicitar-pago';
import type { VistaPago } from '../aplicacion/puertos';
import type { AlProcesar } from './suscripciones';

/**
 * Registers pagos_por_estado (one COUNT ... GROUP BY estado per scrape, on the estado index) and
 * eventos_procesados_total; returns the subscribers' hook. When the database does not answer, the gauge
 * keeps its last values so /metrics still serves everything else (outbox lag, process metrics).
 */
export function registrarMetricasPagos(metricas: Metricas, knex: Knex, logger?: Logger): AlProcesar {
  metricas.medidor('pagos_por_estado', 'Pagos in each state', ['estado'], async (g) => {
    let filas: { estado: string; n: string }[];
    try {
      filas = (await knex('pagos').select('estado').count({ n: '*' }).groupBy('estado')) as typeof filas;
    } catch (error) {
      logger?.warn('pagos_por_estado: no se pudo contar; se mantienen los últimos valores', { error });
      return;
    }
    for (const estado of ESTADOS_PAGO)
      g.set({ estado }, Number(filas.find((f) => f.estado === estado)?.n ?? 0));
  });
  const procesados = metricas.contador('eventos_procesados_total', 'Events received by outcome', [
    'topico',
    'desenlace',
  ]);
  return (topico, desenlace) => procesados.inc({ topico, desenlace });
}

type Solicitar = (cmd: SolicitarPago) => Promise<ResultadoSolicitarPago>;

/** SolicitarPago counting pagos_solicitados_total{resultado="creado"|"repetido"} (repetido: same key again). */
export function contarSolicitudes(solicitar: Solicitar, metricas: Metricas): Solicitar {
  const solicitados = metricas.contador('pagos_solicitados_total', 'SolicitarPago accepted', ['resultado']);
  return async (cmd) => {
    const r = await solicitar(cmd);
    solicitados.inc({ resultado: r.creado ? 'creado' : 'repetido' });
    return r;
  };
}

type Reintentar = (cmd: ReintentarPago) => Promise<VistaPago>;

/** ReintentarPago counting pagos_reintentos_total (operator retries of FALLIDO pagos that were accepted). */
export function contarReintentos(reintentar: Reintentar, metricas: Metricas): Reintentar {
  const reintentos = metricas.contador(
    'pagos_reintentos_total',
    'ReintentarPago accepted (operator retries)',
  );
  return async (cmd) => {
    const r = await reintentar(cmd);
    reintentos.inc();
    return r;
  };
}
