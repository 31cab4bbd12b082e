import { expect } from 'chai';
import { ErrorDominio } from '@alpes/seedwork';
import { MAXIMO_UNIDADES_MENORES, Monto } from '../../src/dominio';

function errorDe(fn: () => unknown): ErrorDominio {
  try {
    fn();
  } catch (e) {
    if (e instanceof ErrorDominio) return e;
    throw e;
  }
  throw new Error('no lanzó');
}

describe('Monto', () => {
  it('guarda unidades menores enteras con el exponente de cada moneda', () => {
    expect(Monto.de('COP', 150000n).toString()).to.equal('1500.00 COP');
    expect(Monto.de('JPY', 1500n).toString()).to.equal('1500 JPY');
    expect(Monto.de('KWD', 1n).toString()).to.equal('0.001 KWD');
    expect(Monto.de('USD', 5n).exponente).to.equal(2);
  });

  it('acepta el máximo de int64 y rechaza lo que lo desborda', () => {
    expect(Monto.de('USD', MAXIMO_UNIDADES_MENORES).unidadesMenores).to.equal(2n ** 63n - 1n);
    const e = errorDe(() => Monto.de('USD', 2n ** 63n));
    expect(e.tipo).to.equal('invalido');
    expect(e.campo).to.equal('monto.unidades_menores');
  });

  it('rechaza montos cero o negativos nombrando unidades_menores', () => {
    expect(errorDe(() => Monto.de('COP', 0n)).campo).to.equal('monto.unidades_menores');
    expect(errorDe(() => Monto.de('COP', -1n)).campo).to.equal('monto.unidades_menores');
    expect(errorDe(() => Monto.de('COP', undefined)).campo).to.equal('monto.unidades_menores');
  });

  it('rechaza monedas desconocidas, en minúsculas o ausentes nombrando moneda', () => {
    for (const moneda of ['XXX', 'ABC', 'cop', 'Cop', 'CO', 'COPS', '', undefined]) {
      const e = errorDe(() => Monto.de(moneda, 100n));
      expect(e.tipo, String(moneda)).to.equal('invalido');
      expect(e.campo, String(moneda)).to.equal('monto.moneda');
    }
  });

  it('es inmutable y se compara por valor', () => {
    const m = Monto.de('COP', 100n);
    expect(Object.isFrozen(m)).to.equal(true);
    expect(m.igualA(Monto.de('COP', 100n))).to.equal(true);
    expect(m.igualA(Monto.de('COP', 101n))).to.equal(false);
    expect(m.igualA(Monto.de('USD', 100n))).to.equal(false);
  });
});
