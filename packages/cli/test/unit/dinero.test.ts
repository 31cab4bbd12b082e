import { expect } from 'chai';
import { analizarMonto, formatearDecimal, formatearMonto } from '../../src/dinero';

describe('dinero en la CLI', () => {
  it('imprime con la tabla de monedas compartida (seedwork)', () => {
    expect(formatearMonto('COP', 150000n)).to.equal('1500.00 COP');
    expect(formatearMonto('KMF', 150000n)).to.equal('150000 KMF');
    expect(formatearDecimal(-5n, 2)).to.equal('-0.05');
  });

  it('lee decimales del operador sin pasar por float', () => {
    expect(analizarMonto('1500', 'COP')).to.equal(150000n);
    expect(analizarMonto('0.1', 'USD')).to.equal(10n);
    expect(analizarMonto('92233720368547758.07', 'USD')).to.equal(9223372036854775807n);
    expect(analizarMonto('7', 'JPY')).to.equal(7n);
    expect(analizarMonto('1.5', 'TND')).to.equal(1500n);
  });

  it('rechaza más decimales de los que admite la moneda y textos que no son montos', () => {
    expect(() => analizarMonto('1.001', 'USD')).to.throw(/2 decimales/);
    expect(() => analizarMonto('1e3', 'USD')).to.throw(/no es un monto/);
    expect(() => analizarMonto('-1', 'USD')).to.throw(/no es un monto/);
    expect(() => analizarMonto('1', 'XYZ')).to.throw(/--unidades-menores/);
  });
});
