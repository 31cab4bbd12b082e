import { expect } from 'chai';
import { textoTotalesSql } from '../../src/bench/sql';

describe('bench: totales de Postgres por pago (--sql)', () => {
  it('divide sentencias, bloques y WAL de cada base entre los pagos de la fase', () => {
    const lineas = textoTotalesSql(
      [
        { base: 'liquidacion', llamadas: 3000, bloques: 900_000, walBytes: 20_480_000 },
        { base: 'pagos', llamadas: 1500, bloques: 300_000, walBytes: 10_240_000 },
      ],
      1000,
      'ráfaga',
    );
    expect(lineas).to.deep.equal([
      'Postgres por pago (ráfaga, todas las sentencias):',
      '  liquidacion 3.00 sentencias · 900 bloques · 20.00 KiB de WAL',
      '  pagos       1.50 sentencias · 300 bloques · 10.00 KiB de WAL',
    ]);
  });

  it('sin totales o sin pagos no imprime nada', () => {
    expect(textoTotalesSql([], 1000, 'ráfaga')).to.deep.equal([]);
    expect(
      textoTotalesSql([{ base: 'pagos', llamadas: 1, bloques: 1, walBytes: 1 }], 0, 'ráfaga'),
    ).to.deep.equal([]);
  });
});
