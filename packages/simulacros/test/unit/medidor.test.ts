import { expect } from 'chai';
import { Medidor } from '../../src/carga/medidor';

describe('medidor: asentados por segundo', () => {
  it('cuenta cada asentamiento en el segundo en que ocurrió, no en el que el seguimiento lo vio', () => {
    const m = new Medidor();
    m.cerrarVentana(1, {});
    m.cerrarVentana(2, {});
    // a tracking cycle in the third second sees three pagos that settled during the first two
    m.asentado(300, 500);
    m.asentado(300, 1500);
    m.asentado(300, 1900);
    m.cerrarVentana(3, {});
    m.asentado(300, 2999);
    m.cerrarVentana(4, {});
    expect(m.muestras().map((x) => x.asentadosPorS)).to.deep.equal([1, 2, 1, 0]);
    expect(m.asentados).to.equal(4);
  });
});
