import { expect } from 'chai';
import {
  verificarInvariantes,
  type DatosVerificacion,
  type PagoObservado,
} from '../../src/verificacion/invariantes';

const pago = (id: string, estado: PagoObservado['estado'] = 'PAGADO', clave = `k-${id}`): PagoObservado => ({
  id,
  estado,
  claveIdempotencia: clave,
});

const sano = (): DatosVerificacion => ({
  aceptados: ['a', 'b', 'c'],
  poblacion: [pago('a'), pago('b'), pago('c', 'RECHAZADO')],
  transferencias: ['a', 'b', 'de-otra-ejecucion', 'de-otra-ejecucion'],
});

function fallidas(d: DatosVerificacion) {
  const v = verificarInvariantes(d);
  return Object.fromEntries(v.invariantes.filter((i) => !i.ok).map((i) => [i.nombre, i.ejemplos]));
}

describe('verificador de invariantes', () => {
  it('un simulacro sano cumple todas (y el libro de otras ejecuciones no cuenta)', () => {
    const v = verificarInvariantes(sano());
    expect(v.ok).to.equal(true);
    expect(v.invariantes.map((i) => i.nombre)).to.deep.equal([
      'ninguno-perdido',
      'estado-terminal',
      'idempotencia',
      'a-lo-sumo-una-transferencia',
      'una-transferencia-por-pagado',
    ]);
    expect(v.conteos).to.deep.include({
      aceptados: 3,
      poblacion: 3,
      transferencias: 2,
      pagadosConUnaTransferencia: 2,
    });
  });

  it('un pago aceptado que no existe es un pago perdido', () => {
    expect(fallidas({ ...sano(), aceptados: ['a', 'b', 'c', 'perdido'] })).to.deep.equal({
      'ninguno-perdido': ['perdido'],
    });
  });

  it('un pago que sigue SOLICITADO no llegó a estado terminal', () => {
    const d = sano();
    expect(fallidas({ ...d, poblacion: [pago('a'), pago('b'), pago('c', 'SOLICITADO')] })).to.deep.equal({
      'estado-terminal': ['c'],
    });
  });

  it('dos pagos con la misma clave de idempotencia rompen la idempotencia', () => {
    const d = sano();
    const poblacion = [...d.poblacion, pago('c2', 'RECHAZADO', 'k-c')];
    expect(fallidas({ ...d, poblacion })).to.deep.equal({ idempotencia: ['c', 'c2'] });
  });

  it('un pago pagado dos veces por la pasarela rompe el pago único', () => {
    const d = sano();
    expect(fallidas({ ...d, transferencias: [...d.transferencias, 'a'] })).to.deep.equal({
      'a-lo-sumo-una-transferencia': ['a'],
      'una-transferencia-por-pagado': ['a'],
    });
  });

  it('un PAGADO sin transferencia rompe exactamente-una-por-pagado', () => {
    expect(fallidas({ ...sano(), transferencias: ['a'] })).to.deep.equal({
      'una-transferencia-por-pagado': ['b'],
    });
  });

  it('cuando se espera un estado final, cualquier otro estado lo incumple', () => {
    expect(fallidas({ ...sano(), estadoFinalEsperado: 'PAGADO' })).to.deep.equal({ 'todos-pagado': ['c'] });
  });

  it('un pago sin respuesta confirmada también se verifica, y se advierte', () => {
    const d = sano();
    const v = verificarInvariantes({ ...d, poblacion: [...d.poblacion, pago('huerfano', 'SOLICITADO')] });
    expect(v.invariantes.find((i) => i.nombre === 'estado-terminal')?.ejemplos).to.deep.equal(['huerfano']);
    expect(v.conteos.sinConfirmar).to.equal(1);
    expect(v.advertencias.join()).to.match(/1 pago\(s\) creados cuya respuesta no llegó/);
  });

  it('una transferencia de un pago no PAGADO es una advertencia, no una violación', () => {
    const d = sano();
    const v = verificarInvariantes({ ...d, transferencias: [...d.transferencias, 'c'] });
    expect(v.ok).to.equal(true);
    expect(v.advertencias.join()).to.match(/c \(RECHAZADO\)/);
  });

  it('limita los ejemplos pero cuenta todos los incumplimientos', () => {
    const aceptados = Array.from({ length: 25 }, (_, i) => `x${i}`);
    const v = verificarInvariantes({ aceptados, poblacion: [], transferencias: [] });
    const perdidos = v.invariantes.find((i) => i.nombre === 'ninguno-perdido')!;
    expect(perdidos.cantidad).to.equal(25);
    expect(perdidos.ejemplos).to.have.length(10);
  });
});
