// pagos' own metrics (outbox lag and publish failures come from RelayOutbox): pagos by estado (a gauge
// read from the database at each scrape), requests accepted, operator retries, settlement events received,
// the group commit's groups (pagos per statement) and refusals (RESOURCE_EXHAUSTED), and the results' group
// commit's groups (results per transaction).
import type { Knex } from 'knex';
import { medirPorEstado, type Logger, type Metricas, type ObservadorAgrupador } from '@alpes/seedwork';
import { ESTADOS_PAGO } from '../dominio';
import type { ReintentarPago } from '../aplicacion/comandos/reintentar-pago';
import type { ResultadoSolicitarPago, SolicitarPago } from '../aplicacion/comandos/solicitar-pago';
import type { VistaPago } from '../aplicacion/puertos';
import type { AlProcesar } from './suscripciones';

type Contador = ReturnType<Metricas['contador']>;

/** pagos' metrics, created together when the container first needs one (at start), so every series exists from 0. */
export interface MetricasPagos {
  /** The subscribers' hook: eventos_procesados_total{topico,desenlace}. */
  alProcesar: AlProcesar;
  /** pagos_solicitados_total{resultado="creado"|"repetido"} (repetido: the same key again). */
  solicitados: Contador;
  /** pagos_reintentos_total: ReintentarPago accepted (operator retries of FALLIDO pagos). */
  reintentos: Contador;
  /**
   * The group commit's observer: pagos_por_lote (histogram of the pagos each group statement carries) and
   * pagos_solicitudes_rechazadas_total{motivo="saturado"|"deteniendo"} (SolicitarPago refused with
   * RESOURCE_EXHAUSTED: MAXIMO_PAGOS_EN_ESPERA reached, or the service stopping).
   */
  agrupacion: ObservadorAgrupador;
  /**
   * The results' group commit's observer: pagos_resultados_por_lote (histogram of the results each group
   * transaction applies); a refused result is a delivery answered RETRY (eventos_procesados_total).
   */
  agrupacionResultados: ObservadorAgrupador;
}

// a group holds 1 to MAXIMO_PAGOS_POR_LOTE (at most 1000) pagos
const CUBETAS_POR_LOTE = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000];

/** Registers pagos' metrics; pagos_por_estado is seedwork's gauge by estado, read at each scrape. */
export function registrarMetricasPagos(metricas: Metricas, knex: Knex, logger?: Logger): MetricasPagos {
  medirPorEstado(
    metricas,
    knex,
    { nombre: 'pagos_por_estado', ayuda: 'Pagos in each state', tabla: 'pagos', estados: ESTADOS_PAGO },
    logger,
  );
  const procesados = metricas.contador('eventos_procesados_total', 'Events received by outcome', [
    'topico',
    'desenlace',
  ]);
  const solicitados = metricas.contador('pagos_solicitados_total', 'SolicitarPago accepted', ['resultado']);
  for (const resultado of ['creado', 'repetido']) solicitados.inc({ resultado }, 0);
  const porLote = metricas.histograma(
    'pagos_por_lote',
    'Pagos per group statement (group commit of SolicitarPago)',
    [],
    CUBETAS_POR_LOTE,
  );
  const rechazadas = metricas.contador(
    'pagos_solicitudes_rechazadas_total',
    'SolicitarPago refused with RESOURCE_EXHAUSTED by the group commit',
    ['motivo'],
  );
  for (const motivo of ['saturado', 'deteniendo']) rechazadas.inc({ motivo }, 0);
  const resultadosPorLote = metricas.histograma(
    'pagos_resultados_por_lote',
    "Results per group transaction (group commit of liquidacion's results)",
    [],
    CUBETAS_POR_LOTE,
  );
  return {
    alProcesar: (topico, desenlace) => procesados.inc({ topico, desenlace }),
    solicitados,
    reintentos: metricas.contador('pagos_reintentos_total', 'ReintentarPago accepted (operator retries)'),
    agrupacion: {
      alProcesar: (pagos) => porLote.observe(pagos),
      alRechazar: (motivo) => rechazadas.inc({ motivo }),
    },
    agrupacionResultados: { alProcesar: (resultados) => resultadosPorLote.observe(resultados) },
  };
}

type Solicitar = (cmd: SolicitarPago) => Promise<ResultadoSolicitarPago>;

/** SolicitarPago counting what it accepted. */
export function contarSolicitudes(solicitar: Solicitar, { solicitados }: MetricasPagos): Solicitar {
  return async (cmd) => {
    const r = await solicitar(cmd);
    solicitados.inc({ resultado: r.creado ? 'creado' : 'repetido' });
    return r;
  };
}

type Reintentar = (cmd: ReintentarPago) => Promise<VistaPago>;

/** ReintentarPago counting the retries it accepted. */
export function contarReintentos(reintentar: Reintentar, { reintentos }: MetricasPagos): Reintentar {
  return async (cmd) => {
    const r = await reintentar(cmd);
    reintentos.inc();
    return r;
  };
}
