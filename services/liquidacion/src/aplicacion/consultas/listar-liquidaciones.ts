import { ErrorDominio } from '@alpes/seedwork/dominio';
import type { EstadoLiquidacion } from '../../dominio';
import type { LiquidacionDto } from '../dto';
import type { ConsultasLiquidaciones } from '../puertos';

export interface ListarLiquidaciones {
  /** Undefined lists every state. */
  estado?: EstadoLiquidacion;
  /** 1..500; 0 means 50. */
  tamanoPagina: number;
  /** Opaque token of the previous page ('' for the first). */
  tokenPagina: string;
}

export interface PaginaLiquidaciones {
  liquidaciones: LiquidacionDto[];
  /** '' on the last page. */
  siguienteToken: string;
}

export const TAMANO_PAGINA_POR_DEFECTO = 50;
export const TAMANO_PAGINA_MAXIMO = 500;
const PREFIJO_TOKEN = 'liq1:';

/** Keyset token: the position of the last row returned, opaque to clients. */
export function codificarToken(secuencia: bigint): string {
  return Buffer.from(PREFIJO_TOKEN + secuencia.toString()).toString('base64url');
}

/** Cursors are `secuencia` values: Postgres bigint, never above int8's maximum. */
const MAXIMO_SECUENCIA = 2n ** 63n - 1n;

export function decodificarToken(token: string): bigint {
  const invalido = () => ErrorDominio.invalido('page_token', 'token de pagina invalido');
  if (token.length > 64) throw invalido();
  const texto = Buffer.from(token, 'base64url').toString('utf8');
  const numero = texto.startsWith(PREFIJO_TOKEN) ? texto.slice(PREFIJO_TOKEN.length) : '';
  if (!/^\d{1,19}$/.test(numero) || BigInt(numero) > MAXIMO_SECUENCIA) throw invalido();
  return BigInt(numero);
}

/** Liquidaciones newest first, filtered by estado, keyset-paginated. */
export const listarLiquidaciones =
  ({ consultasLiquidaciones }: { consultasLiquidaciones: ConsultasLiquidaciones }) =>
  async (consulta: ListarLiquidaciones): Promise<PaginaLiquidaciones> => {
    const { tamanoPagina } = consulta;
    if (!Number.isInteger(tamanoPagina) || tamanoPagina < 0 || tamanoPagina > TAMANO_PAGINA_MAXIMO) {
      throw ErrorDominio.invalido('page_size', `debe estar entre 0 y ${TAMANO_PAGINA_MAXIMO}`);
    }
    const limite = tamanoPagina === 0 ? TAMANO_PAGINA_POR_DEFECTO : tamanoPagina;
    const antesDe = consulta.tokenPagina ? decodificarToken(consulta.tokenPagina) : undefined;
    // One row more than asked tells whether there is a next page.
    const filas = await consultasLiquidaciones.listar({
      estado: consulta.estado,
      limite: limite + 1,
      antesDe,
    });
    const pagina = filas.slice(0, limite);
    const ultima = pagina.at(-1);
    return {
      liquidaciones: pagina.map(({ secuencia: _secuencia, ...dto }) => dto),
      siguienteToken: filas.length > limite && ultima ? codificarToken(ultima.secuencia) : '',
    };
  };
