import { expect } from 'chai';
import {
  ErrorDominio,
  EXPONENTES_MONEDA,
  MAXIMO_UNIDADES_MENORES,
  Monto,
  exponenteDe,
  formatearDecimal,
  formatearMonto,
} from '../../src/dominio';

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
    expect(Monto.de('CLF', 12345n).toString()).to.equal('1.2345 CLF');
    expect(Monto.de('USD', 5n).exponente).to.equal(2);
  });

  it('acepta el máximo de int64 y rechaza lo que lo desborda', () => {
    expect(Monto.de('USD', MAXIMO_UNIDADES_MENORES).unidadesMenores).to.equal(2n ** 63n - 1n);
    const e = errorDe(() => Monto.de('USD', 2n ** 63n));
    expect(e.tipo).to.equal('invalido');
    expect(e.campo).to.equal('monto.unidades_menores');
  });

  it('rechaza montos cero, negativos o ausentes nombrando monto.unidades_menores', () => {
    for (const unidades of [0n, -1n, undefined]) {
      const e = errorDe(() => Monto.de('COP', unidades));
      expect(e.tipo, String(unidades)).to.equal('invalido');
      expect(e.campo, String(unidades)).to.equal('monto.unidades_menores');
    }
  });

  it('rechaza monedas desconocidas, en minúsculas o ausentes nombrando monto.moneda', () => {
    for (const moneda of ['XXX', 'ABC', 'cop', 'Cop', 'CO', 'COPS', 'pesos', '', undefined]) {
      const e = errorDe(() => Monto.de(moneda, 100n));
      expect(e.tipo, String(moneda)).to.equal('invalido');
      expect(e.campo, String(moneda)).to.equal('monto.moneda');
    }
  });

  it('desde un monto recibido: ausente nombra monto, incompleto nombra el campo que falta', () => {
    expect(errorDe(() => Monto.desde(undefined))).to.include({ tipo: 'invalido', campo: 'monto' });
    expect(errorDe(() => Monto.desde({ moneda: 'COP' })).campo).to.equal('monto.unidades_menores');
    expect(errorDe(() => Monto.desde({ unidadesMenores: 5n })).campo).to.equal('monto.moneda');
    expect(Monto.desde({ moneda: 'COP', unidadesMenores: 5n }).igualA(Monto.de('COP', 5n))).to.equal(true);
  });

  it('es inmutable y se compara por valor', () => {
    const m = Monto.de('COP', 100n);
    expect(Object.isFrozen(m)).to.equal(true);
    expect(m.igualA(Monto.de('COP', 100n))).to.equal(true);
    expect(m.igualA(Monto.de('COP', 101n))).to.equal(false);
    expect(m.igualA(Monto.de('USD', 100n))).to.equal(false);
  });
});

describe('monedas ISO-4217', () => {
  it('conoce el exponente de cada moneda pagable', () => {
    expect(exponenteDe('COP')).to.equal(2);
    expect(exponenteDe('JPY')).to.equal(0);
    expect(exponenteDe('KWD')).to.equal(3);
    expect(exponenteDe('UYW')).to.equal(4);
    expect(exponenteDe('XXX')).to.equal(undefined);
    expect(EXPONENTES_MONEDA.size).to.be.greaterThan(150);
  });

  it('todos los códigos son de tres letras mayúsculas y con exponente entre 0 y 4', () => {
    for (const [codigo, exponente] of EXPONENTES_MONEDA) {
      expect(codigo).to.match(/^[A-Z]{3}$/);
      expect(exponente, codigo).to.be.within(0, 4);
    }
  });
});

describe('formato de montos', () => {
  it('imprime el monto exacto con el exponente de la moneda', () => {
    expect(formatearMonto('COP', 150000n)).to.equal('1500.00 COP');
    expect(formatearMonto('USD', 5n)).to.equal('0.05 USD');
    expect(formatearMonto('JPY', 1500n)).to.equal('1500 JPY');
    expect(formatearMonto('KWD', 1234567n)).to.equal('1234.567 KWD');
  });

  it('no pierde precisión más allá de 2^53', () => {
    expect(formatearMonto('USD', 9007199254740993n)).to.equal('90071992547409.93 USD');
    expect(formatearMonto('USD', 9223372036854775807n)).to.equal('92233720368547758.07 USD');
    expect(Monto.de('USD', MAXIMO_UNIDADES_MENORES).toString()).to.equal('92233720368547758.07 USD');
  });

  it('una moneda desconocida se muestra en unidades menores sin adivinar', () => {
    expect(formatearMonto('XYZ', 1234n)).to.equal('1234 (unidades menores) XYZ');
  });

  it('los negativos conservan el signo', () => {
    expect(formatearDecimal(-5n, 2)).to.equal('-0.05');
    expect(formatearDecimal(-150000n, 2)).to.equal('-1500.00');
    expect(formatearDecimal(-7n, 0)).to.equal('-7');
  });
});
