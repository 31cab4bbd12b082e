import { expect } from 'chai';
import {
  ErrorConcurrencia,
  ErrorDominio,
  EventoDominio,
  RaizAgregado,
  reintentarSiConcurrencia,
} from '../../src';

class Algo extends EventoDominio {
  readonly tipo = 'Algo';
  constructor(id: string) {
    super(id, new Date(0));
  }
}
class Cosa extends RaizAgregado<Algo> {
  constructor() {
    super('c-1', 0);
  }
  hacer() {
    this.registrar(new Algo(this.id));
  }
}

describe('RaizAgregado', () => {
  it('acumula eventos y los entrega una sola vez', () => {
    const cosa = new Cosa();
    cosa.hacer();
    cosa.hacer();
    expect(cosa.eventosPendientes).to.have.length(2);
    expect(cosa.extraerEventos().map((e) => e.tipo)).to.deep.equal(['Algo', 'Algo']);
    expect(cosa.extraerEventos()).to.deep.equal([]);
  });
});

describe('reintentarSiConcurrencia', () => {
  it('repite el trabajo mientras pierde la carrera y devuelve su resultado', async () => {
    let llamadas = 0;
    const r = await reintentarSiConcurrencia(async () => {
      if (++llamadas < 3) throw new ErrorConcurrencia('otro escritor');
      return 'hecho';
    });
    expect(r).to.equal('hecho');
    expect(llamadas).to.equal(3);
  });

  it('no repite otros errores y se rinde tras el máximo', async () => {
    let llamadas = 0;
    const fallar = (error: Error) => () => {
      llamadas++;
      return Promise.reject(error);
    };
    await reintentarSiConcurrencia(fallar(ErrorDominio.invalido('x', 'mal'))).catch(() => undefined);
    expect(llamadas).to.equal(1);
    llamadas = 0;
    await reintentarSiConcurrencia(fallar(new ErrorConcurrencia('siempre')), 4).catch(() => undefined);
    expect(llamadas).to.equal(4);
  });
});
