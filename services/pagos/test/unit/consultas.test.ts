import { expect } from 'chai';
import { ErrorDominio } from '@alpes/seedwork';
import { listarPagos } from '../../src/aplicacion/consultas/listar-pagos';
import { obtenerPago } from '../../src/aplicacion/consultas/obtener-pago';
import { solicitarPago } from '../../src/aplicacion/comandos/solicitar-pago';
import { dependenciasMemoria } from '../apoyo/fakes';
import { datosSolicitud } from '../apoyo/madres';

async function rechazo(p: Promise<unknown>): Promise<ErrorDominio> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ErrorDominio) return e;
    throw e;
  }
  throw new Error('no falló');
}

describe('consultas', () => {
  async function conPagos(n: number) {
    const d = dependenciasMemoria();
    for (let i = 0; i < n; i++) {
      await solicitarPago(d)({
        ...datosSolicitud({ idInfluencer: i % 2 ? 'impar' : 'par' }),
        idCorrelacion: 'c',
      });
    }
    return d;
  }

  it('ObtenerPago de un id inexistente es no-encontrado', async () => {
    const d = await conPagos(0);
    const e = await rechazo(obtenerPago(d)({ idPago: '00000000-0000-4000-8000-000000000001' }));
    expect([e.tipo, e.campo]).to.deep.equal(['no-encontrado', 'id_pago']);
  });

  it('ListarPagos pagina con un token hasta agotar, sin repetir', async () => {
    const d = await conPagos(7);
    const listar = listarPagos(d);
    const vistos: string[] = [];
    let token = '';
    do {
      const pagina = await listar({ tamanoPagina: 3, tokenPagina: token });
      vistos.push(...pagina.pagos.map((p) => p.id));
      token = pagina.tokenSiguiente;
    } while (token);
    expect(vistos).to.have.length(7);
    expect(new Set(vistos).size).to.equal(7);
  });

  it('page_size 0 usa 50 y más de 500 se limita a 500; negativo es inválido', async () => {
    const d = await conPagos(60);
    expect((await listarPagos(d)({ tamanoPagina: 0, tokenPagina: '' })).pagos).to.have.length(50);
    expect((await listarPagos(d)({ tamanoPagina: 9999, tokenPagina: '' })).pagos).to.have.length(60);
    expect((await rechazo(listarPagos(d)({ tamanoPagina: -1, tokenPagina: '' }))).campo).to.equal(
      'page_size',
    );
  });

  it('un token inválido, o usado con otros filtros, se rechaza nombrando page_token', async () => {
    const d = await conPagos(5);
    const listar = listarPagos(d);
    for (const token of ['basura', 'eyJ2IjoyfQ', Buffer.from('{"v":1}').toString('base64url')]) {
      const e = await rechazo(listar({ tamanoPagina: 2, tokenPagina: token }));
      expect([e.tipo, e.campo], token).to.deep.equal(['invalido', 'page_token']);
    }
    const { tokenSiguiente } = await listar({ tamanoPagina: 2, tokenPagina: '', idInfluencer: 'par' });
    const e = await rechazo(listar({ tamanoPagina: 2, tokenPagina: tokenSiguiente, idInfluencer: 'impar' }));
    expect(e.campo).to.equal('page_token');
  });
});
