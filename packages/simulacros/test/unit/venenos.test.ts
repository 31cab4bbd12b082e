import { expect } from 'chai';
import { reentregas } from '../../src/simulacros/veneno';
import { TIPOS_VENENO, crearVeneno } from '../../src/simulacros/venenos';

describe('mensajes venenosos', () => {
  it('hay uno de cada tipo y los que dicen ser un pago llevan un id_pago del simulacro', () => {
    for (const tipo of TIPOS_VENENO) {
      const v = crearVeneno(tipo, 0, 'e1');
      expect(v.bytes.length, tipo).to.be.greaterThan(0);
      if (v.idPago) expect(v.idPago).to.match(/^veneno-e1-/);
    }
    expect(crearVeneno('pago-invalido', 1, 'e1').idPago).to.equal('veneno-e1-pago-invalido-1');
  });

  it('los bytes aleatorios no se pueden decodificar como JSON', () => {
    const v = crearVeneno('bytes-aleatorios', 0, 'e1');
    expect(() => JSON.parse(Buffer.from(v.bytes).toString('utf8'))).to.throw();
  });

  it('el pago inválido es un CloudEvent de PagoSolicitado que rompe las reglas del monto', () => {
    const evento = JSON.parse(Buffer.from(crearVeneno('pago-invalido', 0, 'e1').bytes).toString('utf8'));
    expect(evento).to.include({ specversion: '1.0', type: 'alpespartners.eventos.v1.PagoSolicitado' });
    expect(evento.data.monto).to.deep.equal({ moneda: '???', unidades_menores: '-5' });
  });

  it('un tipo desconocido es un error que lista los válidos', () => {
    expect(() => crearVeneno('otro', 0, 'e1')).to.throw(/bytes-aleatorios/);
  });
});

describe('reentregas medidas en Pulsar', () => {
  it('entregar cada mensaje una vez, con o sin backlog previo, son cero reentregas', () => {
    expect(reentregas({ salida: 100, backlog: 0 }, { salida: 115, backlog: 0 }, 15)).to.equal(0);
    expect(reentregas({ salida: 100, backlog: 5 }, { salida: 118, backlog: 2 }, 15)).to.equal(0);
  });

  it('un mensaje que vuelve (nack) cuenta cada entrega de más', () => {
    expect(reentregas({ salida: 100, backlog: 0 }, { salida: 121, backlog: 0 }, 15)).to.equal(6);
  });
});
