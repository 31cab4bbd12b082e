// liquidacion's own metrics (outbox lag comes from RelayOutbox): PSP latency and attempts by outcome,
// deliveries by reply (retries, drops), dead letters received, liquidaciones by estado.
import { TOPICOS } from '@alpes/contratos';
import {
  medirPorEstado,
  type Logger,
  type Metricas,
  type ObservadorAgrupador,
  type Respuesta,
} from '@alpes/seedwork';
import type { Knex } from 'knex';
import type {
  AlertasLiquidacion,
  CampoDiscrepante,
  PasarelaPagos,
  ResultadoPasarela,
  SolicitudTransferencia,
} from '../aplicacion/puertos';
import { ESTADOS_LIQUIDACION } from '../dominio';
import { TABLA_LIQUIDACIONES } from './filas';
import type { SentenciaAgrupada } from './liquidaciones-sin-transaccion-knex';

/**
 * Decorates the PSP port with a latency histogram and an attempts counter, both by outcome, and a
 * counter of calls whose credentials the PSP refused (401/403): alert on any increase, nothing settles
 * until an operator fixes the Secret.
 */
export class PasarelaConMetricas implements PasarelaPagos {
  private readonly duracion;
  private readonly intentos;
  private readonly credencialesRechazadas;

  constructor(
    private readonly interna: PasarelaPagos,
    metricas: Metricas,
  ) {
    this.duracion = metricas.histograma('liquidacion_pasarela_duracion_segundos', 'PSP call latency', [
      'resultado',
    ]);
    this.intentos = metricas.contador('liquidacion_intentos_pasarela_total', 'PSP calls by outcome', [
      'resultado',
    ]);
    this.credencialesRechazadas = metricas.contador(
      'liquidacion_pasarela_credenciales_rechazadas_total',
      'PSP calls answered 401/403: the PSP refused our credentials (alert)',
    );
  }

  async transferir(solicitud: SolicitudTransferencia): Promise<ResultadoPasarela> {
    const terminar = this.duracion.startTimer();
    const resultado = await this.interna.transferir(solicitud);
    terminar({ resultado: resultado.tipo });
    this.intentos.inc({ resultado: resultado.tipo });
    if (resultado.tipo === 'transitorio' && resultado.causa === 'credenciales')
      this.credencialesRechazadas.inc();
    return resultado;
  }
}

/** Alerts as counters; the one label is a fixed field name, never taken from the event. */
export class AlertasConMetricas implements AlertasLiquidacion {
  private readonly discrepantes;

  constructor(metricas: Metricas) {
    this.discrepantes = metricas.contador(
      'liquidacion_eventos_discrepantes_total',
      'PagoSolicitado whose payee or amount differs from the stored liquidacion: dead-lettered, not paid (alert)',
      ['campo'],
    );
  }

  eventoDiscrepante(campo: CampoDiscrepante): void {
    this.discrepantes.inc({ campo });
  }
}

/** Counts what the subscriber answered to each delivery; give it to registrarAppCallback as alResponder. */
export function contadorDeEntregas(metricas: Metricas): (topico: string, respuesta: Respuesta) => void {
  const entregas = metricas.contador('liquidacion_entregas_total', 'Deliveries by topic and reply', [
    'topico',
    'respuesta',
  ]);
  const reintentos = metricas.contador(
    'liquidacion_reintentos_total',
    'PagoSolicitado deliveries answered RETRY',
  );
  const cartasMuertas = metricas.contador(
    'liquidacion_dead_letters_total',
    'Dead-lettered PagoSolicitado received',
  );
  // The topic comes from the delivery: anything but ours is one label value, so a caller cannot grow the series.
  const conocidos = new Set<string>([TOPICOS.pagosSolicitados, TOPICOS.pagosSolicitadosDlq]);
  return (topico, respuesta) => {
    entregas.inc({ topico: conocidos.has(topico) ? topico : 'otro', respuesta });
    if (topico === TOPICOS.pagosSolicitados && respuesta === 'RETRY') reintentos.inc();
    if (topico === TOPICOS.pagosSolicitadosDlq) cartasMuertas.inc();
  };
}

/** Gauge of liquidaciones by estado (seedwork's gauge by estado), read from the database at each scrape. */
export function medirLiquidacionesPorEstado(metricas: Metricas, knex: Knex, logger?: Logger): void {
  const medidor = {
    nombre: 'liquidaciones',
    ayuda: 'Liquidaciones by estado',
    tabla: TABLA_LIQUIDACIONES,
    estados: ESTADOS_LIQUIDACION,
  };
  medirPorEstado(metricas, knex, medidor, logger);
}

// a group holds 1 to MAXIMO_LIQUIDACIONES_POR_LOTE (at most 1000) entries
const CUBETAS_POR_LOTE = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000];

/**
 * The grouped statements' observer, per statement kind: liquidacion_entradas_por_lote{sentencia} (histogram
 * of the deliveries each group statement carries) and liquidacion_entradas_rechazadas_total{sentencia,motivo}
 * (refused with ErrorSaturacion, answered RETRY: MAXIMO_LIQUIDACIONES_EN_ESPERA reached, or stopping).
 */
export function observadorAgrupacion(
  metricas: Metricas,
): (sentencia: SentenciaAgrupada) => ObservadorAgrupador {
  const porLote = metricas.histograma(
    'liquidacion_entradas_por_lote',
    'Deliveries per group statement (lectura, alta, guardado)',
    ['sentencia'],
    CUBETAS_POR_LOTE,
  );
  const rechazadas = metricas.contador(
    'liquidacion_entradas_rechazadas_total',
    'Deliveries refused by a full group queue or while stopping (answered RETRY)',
    ['sentencia', 'motivo'],
  );
  return (sentencia) => {
    for (const motivo of ['saturado', 'deteniendo']) rechazadas.inc({ sentencia, motivo }, 0);
    return {
      alProcesar: (entradas) => porLote.observe({ sentencia }, entradas),
      alRechazar: (motivo) => rechazadas.inc({ sentencia, motivo }),
    };
  };
}
