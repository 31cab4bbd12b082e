import { expect } from 'chai';
import { analizarMonto, formatearDecimal, formatearMonto } from '../../src/dinero';

describe('dinero en la CLI', () => {
  it('imprime el monto exacto con el exponente de la moneda', () => {
    expect(formatearMonto('COP', 150000n)).to.equal('1500.00 COP');
    expect(formatearMonto('USD', 5n)).to.equal('0.05 USD');
    expect(formatearMonto('JPY', 1500n)).to.equal('1500 JPY');
    expect(formatearMonto('KWD', 1234567n)).to.equal('1234.567 KWD');
  });

  it('no pierde precisión más allá de 2^53', () => {
    expect(formatearMonto('USD', 9007199254740993n)).to.equal('90071992547409.93 USD');
    expect(formatearMonto('USD', 9223372036854775807n)).to.equal('92233720368547758.07 USD');
  });

  it('una moneda desconocida se muestra en unidades menores sin adivinar', () => {
    expect(formatearMonto('XYZ', 1234n)).to.equal('1234 (unidades menores) XYZ');
  });

  it('los negativos conservan el signo', () => {
    expect(formatearDecimal(-5n, 2)).to.equal('-0.05');
    expect(formatearDecimal(-150000n, 2)).to.equal('-1500.00');
  });

  it('lee decimales del operador sin pasar por float', () => {
    expect(analizarMonto('1500', 'COP')).to.equal(150000n);
    expect(analizarMonto('0.1', 'USD')).to.equal(10n);
    expect(analizarMonto('92233720368547758.07', 'USD')).to.equal(9223372036854775807n);
    expect(analizarMonto('7', 'JPY')).to.equal(7n);
  });

  it('rechaza más decimales de los que admite la moneda y textos que no son montos', () => {
    expect(() => analizarMonto('1.001', 'USD')).to.throw(/2 decimales/);
    expect(() => analizarMonto('1e3', 'USD')).to.throw(/no es un monto/);
    expect(() => analizarMonto('-1', 'USD')).to.throw(/no es un monto/);
    expect(() => analizarMonto('1', 'XYZ')).to.throw(/--unidades-menores/);
  });
});
