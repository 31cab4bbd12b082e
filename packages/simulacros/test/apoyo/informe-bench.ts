// A bench report and its parts, as the bench builds them, for the unit tests of its text and JSON.
import type { Anclas } from '../../src/bench/anclas/modelo';
import type { EscrituraPostgres } from '../../src/bench/anclas/techo-postgres';
import { calcularCocientes } from '../../src/bench/cocientes';
import type { Informe } from '../../src/bench/informe';
import type { ResultadoCorrida, ResultadoRafaga } from '../../src/bench/medicion';
import { calcularSuelo } from '../../src/bench/suelo';

export const percentiles = { cuenta: 100, p50: 4, p95: 9, p99: 12, max: 20, media: 5 };

export function corrida(sobre: Partial<ResultadoCorrida> = {}): ResultadoCorrida {
  return {
    modo: 'cerrado',
    concurrencia: 16,
    tasaObjetivo: null,
    duracionS: 10,
    enviados: 4000,
    aceptados: 4000,
    aceptadosPorS: 400,
    latenciaMs: percentiles,
    erroresPorCodigo: {},
    maximoEnCola: 0,
    noEnviados: 0,
    carga: 1.5,
    nucleos: { pagos: 0.6, postgres: 0.5, bench: 0.2 },
    drenadoS: 3,
    aislada: false,
    asentadosPorSDesdeBacklog: null,
    ...sobre,
  };
}

export function rafaga(sobre: Partial<ResultadoRafaga> = {}): ResultadoRafaga {
  return {
    pagos: 1000,
    concurrencia: 128,
    aceptados: 1000,
    erroresPorCodigo: {},
    envioS: 2,
    aceptadosPorS: 500,
    latenciaEnvioMs: percentiles,
    todosAsentadosS: 4,
    asentadosPorS: 250,
    envioAAsentadoMs: percentiles,
    estados: { PAGADO: 1000 },
    carga: 2,
    nucleos: { pagos: 0.5 },
    cpuMsPorPago: { pagos: 1.3, postgres: 2.4 },
    ...sobre,
  };
}

export function escritura(lote: number, pagosPorS: number): EscrituraPostgres {
  return {
    lote,
    clientes: 16,
    duracionS: 10,
    pagos: pagosPorS * 10,
    pagosPorS,
    sentenciasPorS: pagosPorS / lote,
    latenciaMs: percentiles,
    errores: 0,
    nucleos: { postgres: 1.4, bench: 0.4 },
    cpuMsPorPago: { postgres: 0.07, bench: 0.02 },
  };
}

export function anclas(sobre: Partial<Anclas> = {}): Anclas {
  return {
    condiciones: 'medidas después de las fases del sistema, con los servicios detenidos',
    eco: [
      corrida({ concurrencia: 16, aceptadosPorS: 4000, nucleos: { 'bench-eco': 0.8, bench: 0.9 } }),
      corrida({ concurrencia: 128, aceptadosPorS: 10000, nucleos: { 'bench-eco': 1, bench: 0.9 } }),
    ],
    postgres: { agrupada: escritura(100, 20000), unaPorSentencia: escritura(1, 2500) },
    dapr: {
      topico: 'bench-ancla-1',
      lote: 100,
      publicadores: 4,
      loteEntrega: 0,
      publicados: 20000,
      noPublicados: 0,
      publicacionS: 10,
      publicadosPorS: 2000,
      entregados: 20000,
      reentregas: 0,
      ventanaS: 12.5,
      entregasPorS: 1600,
      nucleos: { pulsar: 0.5 },
      cpuMsPorEntrega: { 'daprd-bench-emisor': 0.2, 'daprd-bench-receptor': 0.3, pulsar: 0.25 },
    },
    ...sobre,
  };
}

export function informe(sobre: Partial<Informe> = {}): Informe {
  const a = anclas();
  const corridas = [corrida()];
  const r = rafaga();
  return {
    inicio: '2026-12-02T12:00:00.000Z',
    duracionS: 120,
    desplazamientoPuertos: 13000,
    maquina: {
      nucleos: 2,
      modelo: 'Xeon',
      memoriaGiB: 23.5,
      kernel: 'Linux 6',
      versiones: { node: 'v20', postgres: '17.6', dapr: 'v1.18.2', pulsar: '4.0.7', grpcJs: '1.14.7' },
    },
    cargaAntes: [1, 1, 1],
    cargaDespues: [2, 2, 2],
    opciones: {},
    corridas,
    rafaga: r,
    ledger: { transferencias: 5000, pagosAceptados: 5000 },
    objetivo: {
      aceptados: { cumplido: false, mejor: '-' },
      asentados: { cumplido: false, medido: 250 },
      cpu: { cumplido: false, medidoMs: 3.7 },
    },
    anclas: a,
    cocientes: calcularCocientes(corridas, r, a),
    suelo: calcularSuelo(a),
    ...sobre,
  };
}
