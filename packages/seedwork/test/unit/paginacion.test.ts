import { expect } from 'chai';
import { ErrorDominio } from '../../src/dominio';
import { escribirTokenPagina, leerTokenPagina, tamanoDePagina } from '../../src/aplicacion/paginacion';

function campoDelError(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    if (e instanceof ErrorDominio && e.tipo === 'invalido') return e.campo;
    throw e;
  }
  return undefined;
}

describe('paginación', () => {
  it('page_size 0 es 50, más de 500 se sirve como 500 y negativo o fraccionario es inválido', () => {
    expect([0, 1, 500, 501, 9999].map(tamanoDePagina)).to.deep.equal([50, 1, 500, 500, 500]);
    expect(campoDelError(() => tamanoDePagina(-1))).to.equal('page_size');
    expect(campoDelError(() => tamanoDePagina(1.5))).to.equal('page_size');
  });

  it('un token devuelve su cursor solo con los filtros para los que se hizo', () => {
    const token = escribirTokenPagina(123n, { e: 'PAGADO', i: '' });
    expect(leerTokenPagina(token, { e: 'PAGADO', i: '' })).to.equal(123n);
    expect(campoDelError(() => leerTokenPagina(token, { e: 'FALLIDO', i: '' }))).to.equal('page_token');
  });

  it('un token ajeno, manipulado o fuera del rango de secuencia es inválido', () => {
    const json = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    for (const token of [
      'basura',
      json({ v: 2, c: '1' }),
      json({ v: 1, c: "1'; drop table pagos; --" }),
      json({ v: 1, c: (2n ** 63n).toString() }),
      'x'.repeat(513),
    ]) {
      expect(
        campoDelError(() => leerTokenPagina(token, {})),
        token,
      ).to.equal('page_token');
    }
  });
});
