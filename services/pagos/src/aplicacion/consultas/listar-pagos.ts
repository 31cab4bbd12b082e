import { escribirTokenPagina, leerTokenPagina, tamanoDePagina } from '@alpes/seedwork/aplicacion';
import { textoValido } from '@alpes/seedwork/dominio';
import type { EstadoPago } from '../../dominio';
import type { ConsultasPagos, VistaPago } from '../puertos';

/** Query: pagos by estado and/or id_influencer, newest first, keyset-paginated. */
export interface ListarPagos {
  estado?: EstadoPago;
  idInfluencer?: string;
  /** seedwork's tamanoDePagina: 0 -> 50; above 500 -> 500; negative -> invalido. */
  tamanoPagina: number;
  /** '' for the first page, else a previous tokenSiguiente. */
  tokenPagina: string;
}

/** A page and the token of the next one ('' on the last page). */
export interface PaginaListarPagos {
  pagos: VistaPago[];
  tokenSiguiente: string;
}

export const listarPagos =
  ({ consultas }: { consultas: ConsultasPagos }) =>
  async (q: ListarPagos): Promise<PaginaListarPagos> => {
    const limite = tamanoDePagina(q.tamanoPagina);
    const idInfluencer = textoValido(q.idInfluencer, 'id_influencer', { largoMaximo: LARGO_MAXIMO_ID });
    const filtro = { estado: q.estado, idInfluencer: idInfluencer || undefined };
    // the token is bound to the filters it was made for, so it cannot be replayed with others
    const filtrosToken = { e: filtro.estado ?? '', i: filtro.idInfluencer ?? '' };
    const cursor = q.tokenPagina ? leerTokenPagina(q.tokenPagina, filtrosToken).toString() : undefined;
    const pagina = await consultas.listar(filtro, limite, cursor);
    return {
      pagos: pagina.pagos,
      tokenSiguiente: pagina.cursorSiguiente
        ? escribirTokenPagina(BigInt(pagina.cursorSiguiente), filtrosToken)
        : '',
    };
  };

const LARGO_MAXIMO_ID = 128;
