import { expect } from 'chai';
import { entornoPagos, type EntornoPagos } from '../apoyo/entorno-bd';
import { datosSolicitud } from '../apoyo/madres';

describe('ListarPagos con paginación keyset (Postgres real)', function () {
  this.timeout(60_000);
  let e: EntornoPagos;
  const creados: string[] = [];

  before(async () => {
    e = await entornoPagos();
    const { solicitarPago, registrarResultadoLiquidacion } = e.contenedor.cradle;
    for (let i = 0; i < 130; i++) {
      const { pago } = await solicitarPago({
        ...datosSolicitud({ idInfluencer: `inf-${i % 3}` }),
        idCorrelacion: 'c',
      });
      creados.push(pago.id);
      if (i % 4 === 0) {
        await registrarResultadoLiquidacion({
          idEvento: `ev-${i}`,
          idPago: pago.id,
          resultado: 'PAGADO',
          referenciaPasarela: `psp-${i}`,
          motivo: '',
          intento: 1,
        });
      }
    }
  });
  after(async () => {
    await e?.cerrar();
  });

  async function todas(
    filtro: { estado?: 'PAGADO' | 'SOLICITADO'; idInfluencer?: string },
    tamanoPagina: number,
  ) {
    const { listarPagos } = e.contenedor.cradle;
    const paginas: string[][] = [];
    let token = '';
    do {
      const pagina = await listarPagos({ ...filtro, tamanoPagina, tokenPagina: token });
      paginas.push(pagina.pagos.map((p) => p.id));
      token = pagina.tokenSiguiente;
    } while (token);
    return paginas;
  }

  it('recorre todos los pagos, del más nuevo al más viejo, sin repetir ni saltar', async () => {
    const paginas = await todas({}, 50);
    expect(paginas.map((p) => p.length)).to.deep.equal([50, 50, 30]);
    expect(paginas.flat()).to.deep.equal([...creados].reverse());
  });

  it('filtra por estado y por influencer, también combinados', async () => {
    const pagados = (await todas({ estado: 'PAGADO' }, 7)).flat();
    expect(pagados).to.deep.equal(creados.filter((_, i) => i % 4 === 0).reverse());
    const inf1 = (await todas({ idInfluencer: 'inf-1' }, 10)).flat();
    expect(inf1).to.deep.equal(creados.filter((_, i) => i % 3 === 1).reverse());
    const ambos = (await todas({ idInfluencer: 'inf-1', estado: 'SOLICITADO' }, 10)).flat();
    expect(ambos).to.deep.equal(creados.filter((_, i) => i % 3 === 1 && i % 4 !== 0).reverse());
  });

  it('un pago nuevo no desplaza la página siguiente (keyset, no offset)', async () => {
    const { listarPagos, solicitarPago } = e.contenedor.cradle;
    const primera = await listarPagos({ tamanoPagina: 10, tokenPagina: '' });
    await solicitarPago({ ...datosSolicitud(), idCorrelacion: 'c' });
    const segunda = await listarPagos({ tamanoPagina: 10, tokenPagina: primera.tokenSiguiente });
    expect(segunda.pagos[0]!.id).to.equal([...creados].reverse()[10]);
  });

  it('un token manipulado se rechaza', async () => {
    const { listarPagos } = e.contenedor.cradle;
    const token = Buffer.from(JSON.stringify({ v: 1, c: "1'; drop table pagos; --", e: '', i: '' })).toString(
      'base64url',
    );
    let error: { campo?: string } | undefined;
    await listarPagos({ tamanoPagina: 10, tokenPagina: token }).catch((err) => (error = err));
    expect(error?.campo).to.equal('page_token');
  });
});
