import { expect } from 'chai';
import { ErrorDominio, textoValido } from '../../src/dominio';

function invalido(fn: () => unknown): ErrorDominio {
  try {
    fn();
  } catch (error) {
    expect(error).to.be.instanceOf(ErrorDominio);
    expect((error as ErrorDominio).tipo).to.equal('invalido');
    return error as ErrorDominio;
  }
  throw new Error('se esperaba un ErrorDominio invalido');
}

describe('textoValido: texto recibido de fuera', () => {
  const opciones = { largoMaximo: 10, obligatorio: true };

  it('rechaza NUL y otros caracteres de control nombrando el campo', () => {
    for (const malo of ['a\u0000b', '\u0000', 'a\nb', 'a\u001bb', 'a\u007fb', 'a\u0085b', 'abc\t']) {
      const e = invalido(() => textoValido(malo, 'id_influencer', opciones));
      expect(e.campo).to.equal('id_influencer');
      expect(e.message).to.match(/caracteres de control/);
    }
  });

  it('normaliza a NFC: la misma letra compuesta o descompuesta es el mismo texto', () => {
    const descompuesta = 'Jose\u0301'; // e + combining acute
    const compuesta = 'Jos\u00e9';
    expect(textoValido(descompuesta, 'x', opciones)).to.equal(compuesta);
    expect(textoValido(compuesta, 'x', opciones)).to.equal(compuesta);
  });

  it('recorta espacios, exige lo obligatorio y el largo maximo', () => {
    expect(textoValido('  a b  ', 'x', opciones)).to.equal('a b');
    expect(invalido(() => textoValido('   ', 'x', opciones)).message).to.match(/obligatorio/);
    expect(textoValido(undefined, 'x', { largoMaximo: 5 })).to.equal('');
    expect(invalido(() => textoValido('x'.repeat(11), 'x', opciones)).message).to.match(/10/);
  });
});
