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

describe('medidor: primer asentamiento tras una falla', () => {
  it('con solicitadoDesde solo cuenta pagos solicitados desde la falla, no los rezagados de antes', () => {
    const m = new Medidor();
    // killed at 1000, restarted at 2000: one requested at 900 settles at 2100 through the dying
    // process, one requested at 1500 (accepted into the outbox) settles at 6000
    m.asentado(1200, 2100);
    m.asentado(4500, 6000);
    expect(m.primerAsentamientoDesde(2000)).to.equal(2100);
    expect(m.primerAsentamientoDesde(2000, 1000)).to.equal(6000);
    expect(m.primerAsentamientoDesde(6000, 1000)).to.equal(null);
  });
});
