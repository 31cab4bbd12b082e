import { expect } from 'chai';
import { baseDeTitulo, diferencia, esParte } from '../../src/bench/cpu';
import { cpuPorUnidad } from '../../src/bench/anclas/texto';

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
});
