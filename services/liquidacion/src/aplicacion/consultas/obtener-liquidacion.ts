import { ErrorDominio } from '@alpes/seedwork/dominio';
import type { LiquidacionDto } from '../dto';
import type { ConsultasLiquidaciones } from '../puertos';

export interface ObtenerLiquidacion {
  idPago: string;
}

/** The liquidacion of one pago; no-encontrado while the pago has not reached liquidacion. */
export const obtenerLiquidacion =
  ({ consultasLiquidaciones }: { consultasLiquidaciones: ConsultasLiquidaciones }) =>
  async (consulta: ObtenerLiquidacion): Promise<LiquidacionDto> => {
    if (consulta.idPago.trim() === '') throw ErrorDominio.invalido('id_pago', 'requerido');
    const liquidacion = await consultasLiquidaciones.porIdPago(consulta.idPago);
    if (!liquidacion)
      throw ErrorDominio.noEncontrado('id_pago', `no hay liquidacion para el pago ${consulta.idPago}`);
    return liquidacion;
  };
