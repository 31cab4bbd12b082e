import { expect } from 'chai';
import { ErrorDominio, MaquinaDeEstados } from '../../src/dominio';

describe('máquina de estados', () => {
  const maquina = new MaquinaDeEstados<'A' | 'B' | 'C'>({ A: ['B', 'C'], B: ['A'], C: [] });

  it('permite solo las transiciones de su tabla y un estado sin salidas es final', () => {
    expect(maquina.permite('A', 'B')).to.equal(true);
    expect(maquina.permite('B', 'C')).to.equal(false);
    expect(['A', 'B', 'C'].map((e) => maquina.esFinal(e as 'A'))).to.deep.equal([false, false, true]);
  });

  it('una transición ilegal es una precondición sobre estado que nombra ambos estados', () => {
    expect(() => maquina.exigir('un x', 'C', 'A'))
      .to.throw(ErrorDominio, 'un x C no puede pasar a A')
      .with.include({ tipo: 'precondicion', campo: 'estado' });
    expect(() => maquina.exigir('un x', 'A', 'C')).not.to.throw();
  });
});
