// Each of our figures beside its ceiling from the same run, as a ratio: accepted/s against the gRPC echo
// at the same concurrency, settled/s against the grouped Postgres write and the daprd delivery loop.
// A noisy host moves a figure and its ceiling together, so the ratio is the figure to compare across runs.
import { tabla } from '@alpes/cli';
import type { Anclas } from './anclas/modelo';
import type { ResultadoCorrida, ResultadoRafaga } from './medicion';

export interface Cociente {
  /** Stable key for scripts: `<figure>/<ceiling>`, e.g. `aceptados.cerrado-16/eco.cerrado-16`. */
  clave: string;
  /** Our figure, in words, and its value (per second). */
  figura: string;
  valor: number | null;
  /** The ceiling it is compared with, and its value (per second). */
  techo: string;
  valorTecho: number | null;
  /** valor / valorTecho (3 decimals); null when either is missing or the ceiling is 0. */
  cociente: number | null;
}

/** valor / techo rounded to 3 decimals, or null. */
export function dividir(valor: number | null | undefined, techo: number | null | undefined): number | null {
  if (valor === null || valor === undefined || techo === null || techo === undefined || techo <= 0) {
    return null;
  }
  return Math.round((valor / techo) * 1000) / 1000;
}

/** 0.041 -> '4.1 %'; null -> '-'. */
export function porcentaje(cociente: number | null): string {
  return cociente === null ? '-' : `${(cociente * 100).toFixed(1)} %`;
}

function nombreCorrida(c: ResultadoCorrida): string {
  const base = c.modo === 'cerrado' ? `cerrado-${c.concurrencia}` : `abierto-${c.tasaObjetivo}`;
  return c.aislada ? `${base}-aislada` : base;
}

function cociente(
  clave: string,
  figura: string,
  valor: number | null,
  techo: string,
  valorTecho: number | null,
): Cociente {
  return { clave, figura, valor, techo, valorTecho, cociente: dividir(valor, valorTecho) };
}

/** Every ratio the run allows (a figure without its ceiling, or the reverse, is left out). */
export function calcularCocientes(
  corridas: ResultadoCorrida[],
  rafaga: ResultadoRafaga | null,
  anclas: Anclas | null,
): Cociente[] {
  const r: Cociente[] = [];
  const eco = anclas?.eco ?? [];
  const mejorEco = [...eco].sort((a, b) => b.aceptadosPorS - a.aceptadosPorS)[0];
  for (const c of corridas) {
    const nombre = nombreCorrida(c);
    const figura = `SolicitarPago ${nombre.replace(/-/g, ' ')}: aceptados/s`;
    const mismo = c.modo === 'cerrado' ? eco.find((e) => e.concurrencia === c.concurrencia) : undefined;
    if (mismo) {
      r.push(
        cociente(
          `aceptados.${nombre}/eco.cerrado-${mismo.concurrencia}`,
          figura,
          c.aceptadosPorS,
          `eco gRPC cerrado ${mismo.concurrencia}: llamadas/s`,
          mismo.aceptadosPorS,
        ),
      );
    } else if (mejorEco) {
      r.push(
        cociente(
          `aceptados.${nombre}/eco.mejor`,
          figura,
          c.aceptadosPorS,
          `eco gRPC, mejor corrida (cerrado ${mejorEco.concurrencia}): llamadas/s`,
          mejorEco.aceptadosPorS,
        ),
      );
    }
  }
  if (rafaga && mejorEco) {
    r.push(
      cociente(
        'aceptados.rafaga/eco.mejor',
        `ráfaga (${rafaga.concurrencia} en vuelo): aceptados/s`,
        rafaga.aceptadosPorS,
        `eco gRPC, mejor corrida (cerrado ${mejorEco.concurrencia}): llamadas/s`,
        mejorEco.aceptadosPorS,
      ),
    );
  }
  if (rafaga) {
    const pg = anclas?.postgres?.agrupada;
    if (pg) {
      r.push(
        cociente(
          'asentados.rafaga/postgres.agrupada',
          'ráfaga: asentados/s',
          rafaga.asentadosPorS,
          `escritura agrupada en Postgres (${pg.lote} por sentencia, ${pg.clientes} clientes): pagos/s`,
          pg.pagosPorS,
        ),
      );
    }
    const dapr = anclas?.dapr;
    if (dapr) {
      r.push(
        cociente(
          'asentados.rafaga/dapr.entregas',
          'ráfaga: asentados/s',
          rafaga.asentadosPorS,
          'daprd publicar -> entregar a una app trivial: entregas/s',
          dapr.entregasPorS,
        ),
      );
    }
  }
  return r;
}

/** The ratios as an aligned table (empty when there are none). */
export function textoCocientes(cocientes: Cociente[]): string[] {
  if (cocientes.length === 0) return [];
  const n = (x: number | null) => (x === null ? '-' : String(x));
  const lineas = [
    'Cada cifra junto a su techo de esta misma corrida (cociente = cifra / techo)',
    tabla<Cociente>(
      [
        { titulo: 'cifra', valor: (c) => c.figura },
        { titulo: 'valor', valor: (c) => n(c.valor), alineacion: 'derecha' },
        { titulo: 'techo', valor: (c) => c.techo },
        { titulo: 'valor', valor: (c) => n(c.valorTecho), alineacion: 'derecha' },
        { titulo: 'cociente', valor: (c) => porcentaje(c.cociente), alineacion: 'derecha' },
      ],
      cocientes,
    ),
  ];
  if (cocientes.some((c) => c.clave.endsWith('/dapr.entregas'))) {
    lineas.push(
      'un pago asentado son dos entregas (pagos-solicitados a liquidacion, liquidaciones-finalizadas a pagos):',
      'frente al lazo de Dapr el máximo es 50 %',
    );
  }
  return lineas;
}
