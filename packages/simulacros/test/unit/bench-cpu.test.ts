import { expect } from 'chai';
import { baseDeTitulo, diferencia, esParte } from '../../src/bench/cpu';
import { cpuPorUnidad } from '../../src/bench/anclas/texto';
import { textoInforme, type Informe } from '../../src/bench/informe';
import type { ResultadoRafaga } from '../../src/bench/medicion';

describe('bench: CPU por componente y las partes de Postgres por base', () => {
  it('"postgres/<base>" es una parte de postgres, no un componente', () => {
    expect(esParte('postgres/liquidacion')).to.equal(true);
    expect(esParte('postgres')).to.equal(false);
    expect(esParte('daprd-pagos')).to.equal(false);
  });

  it('la base de un proceso de Postgres sale de su título, solo para las conexiones de clientes', () => {
    expect(baseDeTitulo('postgres: alpes liquidacion 127.0.0.1(43210) idle')).to.equal('liquidacion');
    expect(baseDeTitulo('postgres: alpes pagos [local] INSERT')).to.equal('pagos');
    expect(baseDeTitulo('postgres: logical replication launcher ')).to.equal(undefined);
    expect(baseDeTitulo('postgres: autovacuum worker pagos')).to.equal(undefined);
    expect(baseDeTitulo('postgres: walwriter ')).to.equal(undefined);
  });

  it('lo ajeno a la máquina no descuenta dos veces la parte de una base', () => {
    const antes = { postgres: 10, 'postgres/pagos': 4, pagos: 5, bench: 1, '(máquina)': 100 };
    const despues = { postgres: 14, 'postgres/pagos': 7, pagos: 7, bench: 2, '(máquina)': 108 };
    // the machine did 8 s: 4 + 2 + 1 were ours, 1 was someone else's (3 of postgres' 4 were pagos')
    expect(diferencia(antes, despues)).to.deep.equal({
      postgres: 4,
      'postgres/pagos': 3,
      pagos: 2,
      bench: 1,
      ajenos: 1,
    });
  });

  it('el CPU por unidad de un ancla suma componentes, sin sus partes', () => {
    expect(cpuPorUnidad({ postgres: 0.05, 'postgres/alpes_tmp': 0.04, bench: 0.03 })).to.equal(
      'postgres 0.050 · bench 0.030 · total 0.080',
    );
  });

  it('la tabla de CPU muestra la parte de cada base junto a postgres, fuera del total', () => {
    const p = { cuenta: 1, p50: 1, p95: 1, p99: 1, max: 1, media: 1 };
    const rafaga: ResultadoRafaga = {
      pagos: 100,
      concurrencia: 8,
      aceptados: 100,
      erroresPorCodigo: {},
      envioS: 1,
      aceptadosPorS: 100,
      latenciaEnvioMs: p,
      todosAsentadosS: 1,
      asentadosPorS: 100,
      envioAAsentadoMs: p,
      estados: { PAGADO: 100 },
      carga: 1,
      nucleos: { pagos: 0.5, postgres: 0.4, 'postgres/pagos': 0.1, 'postgres/liquidacion': 0.25 },
      cpuMsPorPago: { pagos: 1, postgres: 2, 'postgres/pagos': 0.5, 'postgres/liquidacion': 1.25 },
    };
    const informe: Informe = {
      inicio: '2026-12-03T14:00:00.000Z',
      duracionS: 10,
      desplazamientoPuertos: 11000,
      maquina: {
        nucleos: 2,
        modelo: 'Xeon',
        memoriaGiB: 23.5,
        kernel: 'Linux 6',
        versiones: { node: 'v20', postgres: '17.6', dapr: 'v1.18.2', pulsar: '4.0.7', grpcJs: '1.14.7' },
      },
      cargaAntes: [1, 1, 1],
      cargaDespues: [1, 1, 1],
      opciones: {},
      corridas: [],
      rafaga,
      ledger: null,
      objetivo: { aceptados: { cumplido: false, mejor: '-' }, asentados: { cumplido: false, medido: 100 } },
      anclas: null,
      cocientes: [],
    };
    const lineas = textoInforme(informe).split('\n');
    const cabecera = lineas.find((l) => /^\s+pagos\s+postgres/.test(l))!;
    expect(cabecera.trim().split(/\s+/)).to.deep.equal(['pagos', 'postgres', 'pg/pagos', 'pg/liq', 'total']);
    // total = pagos + postgres (3.00), not pagos + postgres + its parts (4.75)
    expect(
      lineas
        .find((l) => l.startsWith('ráfaga ms/pago'))!
        .trim()
        .split(/\s+/)
        .slice(2),
    ).to.deep.equal(['1.00', '2.00', '0.50', '1.25', '3.00']);
  });
});
