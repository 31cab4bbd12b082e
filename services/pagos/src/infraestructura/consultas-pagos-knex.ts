import { ErrorDominio } from '@alpes/seedwork';
import type { Knex } from 'knex';
import type { ConsultasPagos, FiltroPagos, PaginaPagos, VistaPago } from '../aplicacion/puertos';
import {
  COLUMNAS_PAGO,
  HISTORIAL_JSON,
  deFila,
  deFilaConHistorial,
  type FilaPago,
  type FilaPagoConHistorial,
} from './filas';

/** Read side on Postgres: keyset pagination on `secuencia` (newest first), no OFFSET. */
export class ConsultasPagosKnex implements ConsultasPagos {
  constructor(private readonly knex: Knex) {}

  async obtener(id: string): Promise<VistaPago | undefined> {
    const fila = (await this.knex('pagos')
      .select([...COLUMNAS_PAGO, this.knex.raw(HISTORIAL_JSON)])
      .where({ id })
      .first()) as FilaPagoConHistorial | undefined;
    return fila && deFilaConHistorial(fila);
  }

  async listar(filtro: FiltroPagos, limite: number, cursor?: string): Promise<PaginaPagos> {
    if (cursor !== undefined && !/^\d{1,19}$/.test(cursor)) {
      throw ErrorDominio.invalido('page_token', 'page_token no es un token de página válido');
    }
    const consulta = this.knex('pagos')
      .select(COLUMNAS_PAGO)
      .orderBy('secuencia', 'desc')
      .limit(limite + 1);
    if (filtro.estado) consulta.where('estado', filtro.estado);
    if (filtro.idInfluencer) consulta.where('id_influencer', filtro.idInfluencer);
    if (cursor) consulta.where('secuencia', '<', cursor);
    const filas = (await consulta) as FilaPago[];
    const pagina = filas.slice(0, limite);
    return {
      pagos: pagina.map((f) => deFila(f)),
      cursorSiguiente: filas.length > limite ? pagina[pagina.length - 1]!.secuencia : undefined,
    };
  }
}
