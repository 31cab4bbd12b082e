import { expect } from 'chai';
import { leerArgumentos, type OpcionesBench } from '../../src/bench/argumentos';

const leer = (args: string[]) => leerArgumentos(args) as OpcionesBench;

describe('bench: argumentos de las anclas', () => {
  it('por defecto mide el sistema y después las tres anclas', () => {
    const o = leer([]);
    expect(o.fases).to.deep.equal(['cerrado', 'abierto', 'rafaga', 'eco', 'postgres', 'dapr']);
    expect(o).to.include({ lotePostgres: 100, clientesPostgres: 16, loteDapr: 100, publicadoresDapr: 4 });
    expect(o.loteEntregaDapr).to.equal(0);
  });

  it('las fases se ejecutan siempre en su orden, las escriba como las escriba', () => {
    expect(leer(['--fases', 'postgres,cerrado']).fases).to.deep.equal(['cerrado', 'postgres']);
    expect(leer(['--fases', 'dapr,eco']).fases).to.deep.equal(['eco', 'dapr']);
  });

  it('una fase desconocida se rechaza nombrándola y diciendo cuáles hay', () => {
    expect(() => leer(['--fases', 'cerrado,redis'])).to.throw(
      /--fases admite cerrado,abierto,rafaga,eco,postgres,dapr \(recibió redis\)/,
    );
  });

  it('lee los tamaños de las anclas y rechaza los que no son enteros positivos', () => {
    const o = leer([
      '--duracion-anclas',
      '3',
      '--lote-postgres',
      '50',
      '--clientes-postgres',
      '8',
      '--lote-dapr',
      '20',
      '--publicadores-dapr',
      '2',
      '--lote-entrega-dapr',
      '50',
    ]);
    expect(o).to.include({
      duracionAnclasS: 3,
      lotePostgres: 50,
      clientesPostgres: 8,
      loteDapr: 20,
      publicadoresDapr: 2,
      loteEntregaDapr: 50,
    });
    expect(() => leer(['--lote-postgres', '0'])).to.throw(
      /--lote-postgres espera un entero >= 1 \(recibió 0\)/,
    );
    expect(() => leer(['--clientes-postgres', 'x'])).to.throw(/--clientes-postgres espera un entero/);
    expect(() => leer(['--lote-entrega-dapr', '51'])).to.throw(/--lote-entrega-dapr admite hasta 50/);
  });
});
