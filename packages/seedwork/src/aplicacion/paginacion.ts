// Keyset pagination for every List* RPC: one page-size rule and one page-token codec, so both services
// answer page_size and page_token the same way (the rule is documented in the protos' comments).
import { ErrorDominio } from '../dominio/error-dominio';

export const TAMANO_PAGINA_POR_DEFECTO = 50;
export const TAMANO_PAGINA_MAXIMO = 500;

/**
 * Rows to return for a requested page_size: 0 -> 50; above 500 -> 500 (served, not refused, as AIP-158
 * advises: a client asking for more just gets more pages); negative or fractional -> invalido.
 */
export function tamanoDePagina(pedido: number): number {
  if (!Number.isInteger(pedido) || pedido < 0) {
    throw ErrorDominio.invalido(
      'page_size',
      `page_size debe ser 0 o positivo (0 = ${TAMANO_PAGINA_POR_DEFECTO}; más de ${TAMANO_PAGINA_MAXIMO} se sirve como ${TAMANO_PAGINA_MAXIMO})`,
    );
  }
  return Math.min(pedido || TAMANO_PAGINA_POR_DEFECTO, TAMANO_PAGINA_MAXIMO);
}

/**
 * The filters a token is bound to (short key -> value, '' when unset; `v` and `c` are taken): reusing
 * the token with other filters is refused.
 */
export type FiltrosDeToken = Readonly<Record<string, string>>;

/** Cursors are `secuencia` values: Postgres bigint, so at most int8's maximum. */
const MAXIMO_SECUENCIA = 2n ** 63n - 1n;
const LARGO_MAXIMO_TOKEN = 512;

/** The opaque page_token: base64url JSON of the version, the cursor (last secuencia returned), the filters. */
export function escribirTokenPagina(cursor: bigint, filtros: FiltrosDeToken): string {
  return Buffer.from(JSON.stringify({ v: 1, c: cursor.toString(), ...filtros })).toString('base64url');
}

/** The cursor a page_token carries, if this service issued it for these same filters; else invalido. */
export function leerTokenPagina(token: string, filtros: FiltrosDeToken): bigint {
  const invalido = () => ErrorDominio.invalido('page_token', 'page_token no es un token de página válido');
  if (token.length > LARGO_MAXIMO_TOKEN) throw invalido();
  let leido: Record<string, unknown> | undefined;
  try {
    leido = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    leido = undefined;
  }
  const cursor = leido?.['c'];
  if (!leido || leido['v'] !== 1 || !esSecuencia(cursor)) throw invalido();
  if (Object.entries(filtros).some(([clave, valor]) => leido[clave] !== valor)) {
    throw ErrorDominio.invalido('page_token', 'page_token pertenece a una consulta con otros filtros');
  }
  return BigInt(cursor);
}

function esSecuencia(c: unknown): c is string {
  return typeof c === 'string' && /^\d{1,19}$/.test(c) && BigInt(c) <= MAXIMO_SECUENCIA;
}
