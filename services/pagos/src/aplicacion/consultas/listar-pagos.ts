import { ErrorDominio } from '@alpes/seedwork';
import { textoValido } from '@alpes/seedwork/dominio';
import type { EstadoPago } from '../../dominio';
import type { ConsultasPagos, VistaPago } from '../puertos';

/** Page size when the client asks for 0, and the most it may get. */
export const TAMANO_PAGINA_POR_DEFECTO = 50;
export const TAMANO_PAGINA_MAXIMO = 500;

/** Query: pagos by estado and/or id_influencer, newest first, keyset-paginated. */
export interface ListarPagos {
  estado?: EstadoPago;
  idInfluencer?: string;
  /** 0 -> 50; above 500 -> 500; negative -> invalido. */
  tamanoPagina: number;
  /** '' for the first page, else a previous tokenSiguiente. */
  tokenPagina: string;
}

/** A page and the token of the next one ('' on the last page). */
export interface PaginaListarPagos {
  pagos: VistaPago[];
  tokenSiguiente: string;
}

/** The token carries the cursor and the filters it was made for, so it cannot be replayed with others. */
interface Token {
  v: 1;
  c: string;
  e: string;
  i: string;
}

export const listarPagos =
  ({ consultas }: { consultas: ConsultasPagos }) =>
  async (q: ListarPagos): Promise<PaginaListarPagos> => {
    if (!Number.isInteger(q.tamanoPagina) || q.tamanoPagina < 0) {
      throw ErrorDominio.invalido('page_size', 'page_size debe estar entre 0 y 500 (0 = 50)');
    }
    const limite = Math.min(q.tamanoPagina || TAMANO_PAGINA_POR_DEFECTO, TAMANO_PAGINA_MAXIMO);
    const idInfluencer = textoValido(q.idInfluencer, 'id_influencer', { largoMaximo: LARGO_MAXIMO_ID });
    const filtro = { estado: q.estado, idInfluencer: idInfluencer || undefined };
    const cursor = q.tokenPagina
      ? leerToken(q.tokenPagina, filtro.estado ?? '', filtro.idInfluencer ?? '')
      : undefined;
    const pagina = await consultas.listar(filtro, limite, cursor);
    return {
      pagos: pagina.pagos,
      tokenSiguiente: pagina.cursorSiguiente
        ? escribirToken({
            v: 1,
            c: pagina.cursorSiguiente,
            e: filtro.estado ?? '',
            i: filtro.idInfluencer ?? '',
          })
        : '',
    };
  };

function escribirToken(token: Token): string {
  return Buffer.from(JSON.stringify(token)).toString('base64url');
}

/** Keyset cursors are `secuencia` values: Postgres bigint, so at most int8's maximum. */
const MAXIMO_SECUENCIA = 2n ** 63n - 1n;
const LARGO_MAXIMO_TOKEN = 512;
const LARGO_MAXIMO_ID = 128;

function esSecuencia(c: unknown): c is string {
  return typeof c === 'string' && /^\d{1,19}$/.test(c) && BigInt(c) <= MAXIMO_SECUENCIA;
}

function leerToken(texto: string, estado: string, idInfluencer: string): string {
  let token: Partial<Token> | undefined;
  if (texto.length > LARGO_MAXIMO_TOKEN) {
    throw ErrorDominio.invalido('page_token', 'page_token no es un token de página válido');
  }
  try {
    token = JSON.parse(Buffer.from(texto, 'base64url').toString('utf8')) as Partial<Token>;
  } catch {
    token = undefined;
  }
  if (!token || token.v !== 1 || !esSecuencia(token.c)) {
    throw ErrorDominio.invalido('page_token', 'page_token no es un token de página válido');
  }
  if (token.e !== estado || token.i !== idInfluencer) {
    throw ErrorDominio.invalido('page_token', 'page_token pertenece a una consulta con otros filtros');
  }
  return token.c;
}
