import type { Knex } from 'knex';
import { Liquidacion } from '../dominio';
import { aVista, type VistaLiquidacion } from '../aplicacion/vista-liquidacion';
import type { ConsultasLiquidaciones, FiltroLiquidaciones } from '../aplicacion/puertos';
import {
  aDatos,
  agruparIntentos,
  TABLA_INTENTOS,
  TABLA_LIQUIDACIONES,
  type FilaIntento,
  type FilaLiquidacion,
} from './filas';

/** Read side on the same tables: newest first by secuencia (keyset). */
export class ConsultasLiquidacionesKnex implements ConsultasLiquidaciones {
  constructor(private readonly knex: Knex) {}

  async porIdPago(idPago: string): Promise<VistaLiquidacion | undefined> {
    const [vista] = await this.conIntentos(
      await this.knex(TABLA_LIQUIDACIONES).where({ id_pago: idPago }).limit(1),
    );
    return vista;
  }

  async listar(filtro: FiltroLiquidaciones): Promise<Array<VistaLiquidacion & { secuencia: bigint }>> {
    const consulta = this.knex(TABLA_LIQUIDACIONES).orderBy('secuencia', 'desc').limit(filtro.limite);
    if (filtro.estado) consulta.where({ estado: filtro.estado });
    if (filtro.antesDe !== undefined) consulta.where('secuencia', '<', filtro.antesDe.toString());
    return this.conIntentos(await consulta);
  }

  private async conIntentos(
    filas: FilaLiquidacion[],
  ): Promise<Array<VistaLiquidacion & { secuencia: bigint }>> {
    if (filas.length === 0) return [];
    const intentos = agruparIntentos(
      (await this.knex(TABLA_INTENTOS).whereIn(
        'id_liquidacion',
        filas.map((f) => f.id),
      )) as FilaIntento[],
    );
    return filas.map((f) => ({
      ...aVista(Liquidacion.reconstituir(aDatos(f, intentos.get(f.id) ?? []))),
      secuencia: BigInt(f.secuencia),
    }));
  }
}
