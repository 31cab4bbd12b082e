import { expect } from 'chai';
import { ErrorDominio } from '@alpes/seedwork/dominio';
import type { VistaLiquidacion } from '../../src/aplicacion/vista-liquidacion';
import type { ConsultasLiquidaciones, FiltroLiquidaciones } from '../../src/aplicacion/puertos';
import { obtenerLiquidacion } from '../../src/aplicacion/consultas/obtener-liquidacion';
import { listarLiquidaciones } from '../../src/aplicacion/consultas/listar-liquidaciones';

function unaVista(
  n: number,
  estado: VistaLiquidacion['estado'] = 'EXITOSA',
): VistaLiquidacion & { secuencia: bigint } {
  return {
    secuencia: BigInt(n),
    id: `liq-${n}`,
    idPago: `pago-${n}`,
    idInfluencer: 'inf',
    monto: { moneda: 'COP', unidadesMenores: 1n },
    estado,
    referenciaPasarela: '',
    motivo: '',
    intentos: [],
    creadaEn: new Date(0),
    actualizadaEn: new Date(0),
  };
}

class ConsultasEnMemoria implements ConsultasLiquidaciones {
  constructor(private filas: Array<VistaLiquidacion & { secuencia: bigint }>) {}
  async porIdPago(idPago: string) {
    return this.filas.find((f) => f.idPago === idPago);
  }
  async listar(filtro: FiltroLiquidaciones) {
    return this.filas
      .filter((f) => !filtro.estado || f.estado === filtro.estado)
      .filter((f) => filtro.antesDe === undefined || f.secuencia < filtro.antesDe)
      .sort((a, b) => Number(b.secuencia - a.secuencia))
      .slice(0, filtro.limite);
  }
}

const esInvalido = (campo: string) => (e: unknown) =>
  e instanceof ErrorDominio && e.tipo === 'invalido' && e.campo === campo;

describe('consultas de liquidaciones', () => {
  const consultasLiquidaciones = new ConsultasEnMemoria(
    Array.from({ length: 7 }, (_, i) => unaVista(i + 1, i % 2 ? 'FALLIDA' : 'EXITOSA')),
  );
  const listar = listarLiquidaciones({ consultasLiquidaciones });
  const obtener = obtenerLiquidacion({ consultasLiquidaciones });

  it('ObtenerLiquidacion de un pago sin liquidacion es no-encontrado nombrando id_pago', async () => {
    const error = await obtener({ idPago: 'nadie' }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(ErrorDominio).and.include({ tipo: 'no-encontrado', campo: 'id_pago' });
  });

  it('ObtenerLiquidacion sin id_pago es invalido', async () => {
    expect(esInvalido('id_pago')(await obtener({ idPago: ' ' }).catch((e: unknown) => e))).to.equal(true);
  });

  it('recorre todas las liquidaciones por paginas, de la mas nueva a la mas vieja, sin repetir', async () => {
    const vistas: string[] = [];
    let token = '';
    let paginas = 0;
    do {
      const pagina = await listar({ tamanoPagina: 3, tokenPagina: token });
      vistas.push(...pagina.liquidaciones.map((l) => l.id));
      token = pagina.siguienteToken;
      paginas++;
    } while (token);
    expect(paginas).to.equal(3);
    expect(vistas).to.deep.equal(['liq-7', 'liq-6', 'liq-5', 'liq-4', 'liq-3', 'liq-2', 'liq-1']);
  });

  it('filtra por estado y la ultima pagina no trae token', async () => {
    const pagina = await listar({ estado: 'FALLIDA', tamanoPagina: 0, tokenPagina: '' });
    expect(pagina.liquidaciones.map((l) => l.id)).to.deep.equal(['liq-6', 'liq-4', 'liq-2']);
    expect(pagina.siguienteToken).to.equal('');
  });

  it('page_size 0 usa 50 y mas de 500 se sirve como 500; negativo es invalido', async () => {
    expect((await listar({ tamanoPagina: 501, tokenPagina: '' })).liquidaciones).to.have.length(7);
    expect(
      esInvalido('page_size')(await listar({ tamanoPagina: -1, tokenPagina: '' }).catch((e: unknown) => e)),
    ).to.be.true;
  });

  it('un page_token ajeno es invalido', async () => {
    expect(
      esInvalido('page_token')(
        await listar({ tamanoPagina: 1, tokenPagina: 'basura' }).catch((e: unknown) => e),
      ),
    ).to.be.true;
    const { siguienteToken } = await listar({ estado: 'FALLIDA', tamanoPagina: 1, tokenPagina: '' });
    expect(
      esInvalido('page_token')(
        await listar({ estado: 'EXITOSA', tamanoPagina: 1, tokenPagina: siguienteToken }).catch(
          (e: unknown) => e,
        ),
      ),
    ).to.be.true;
  });
});
