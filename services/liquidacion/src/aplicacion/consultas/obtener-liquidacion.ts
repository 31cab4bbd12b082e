import { ErrorDominio, textoValido } from '@alpes/seedwork/dominio';
import type { VistaLiquidacion } from '../vista-liquidacion';
import type { ConsultasLiquidaciones } from '../puertos';

export interface ObtenerLiquidacion {
  idPago: string;
}

/** The liquidacion of one pago; no-encontrado while the pago has not reached liquidacion. */
export const obtenerLiquidacion =
  ({ consultasLiquidaciones }: { consultasLiquidaciones: ConsultasLiquidaciones }) =>
  async (consulta: ObtenerLiquidacion): Promise<VistaLiquidacion> => {
    const idPago = textoValido(consulta.idPago, 'id_pago', { largoMaximo: 128, obligatorio: true });
    const liquidacion = await consultasLiquidaciones.porIdPago(idPago);
    if (!liquidacion) throw ErrorDominio.noEncontrado('id_pago', `no hay liquidacion para el pago ${idPago}`);
    return liquidacion;
  };
