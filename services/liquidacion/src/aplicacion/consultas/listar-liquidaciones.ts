import { escribirTokenPagina, leerTokenPagina, tamanoDePagina } from '@alpes/seedwork/aplicacion';
import type { EstadoLiquidacion } from '../../dominio';
import type { VistaLiquidacion } from '../vista-liquidacion';
import type { ConsultasLiquidaciones } from '../puertos';

export interface ListarLiquidaciones {
  /** Undefined lists every state. */
  estado?: EstadoLiquidacion;
  /** seedwork's tamanoDePagina: 0 -> 50; above 500 -> 500; negative -> invalido. */
  tamanoPagina: number;
  /** Opaque token of the previous page ('' for the first). */
  tokenPagina: string;
}

export interface PaginaLiquidaciones {
  liquidaciones: VistaLiquidacion[];
  /** '' on the last page. */
  siguienteToken: string;
}

/** Liquidaciones newest first, filtered by estado, keyset-paginated. */
export const listarLiquidaciones =
  ({ consultasLiquidaciones }: { consultasLiquidaciones: ConsultasLiquidaciones }) =>
  async (consulta: ListarLiquidaciones): Promise<PaginaLiquidaciones> => {
    const limite = tamanoDePagina(consulta.tamanoPagina);
    // the token is bound to the estado it was made for, so it cannot be replayed with another
    const filtrosToken = { e: consulta.estado ?? '' };
    const antesDe = consulta.tokenPagina ? leerTokenPagina(consulta.tokenPagina, filtrosToken) : undefined;
    // One row more than asked tells whether there is a next page.
    const filas = await consultasLiquidaciones.listar({
      estado: consulta.estado,
      limite: limite + 1,
      antesDe,
    });
    const pagina = filas.slice(0, limite);
    const ultima = pagina.at(-1);
    return {
      liquidaciones: pagina.map(({ secuencia: _secuencia, ...vista }) => vista),
      siguienteToken:
        filas.length > limite && ultima ? escribirTokenPagina(ultima.secuencia, filtrosToken) : '',
    };
  };
