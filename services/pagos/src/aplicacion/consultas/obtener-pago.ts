import { ErrorDominio } from '@alpes/seedwork/dominio';
import { validarIdPago } from '../validaciones';
import type { ConsultasPagos, VistaPago } from '../puertos';

/** Query: one pago with its history. */
export interface ObtenerPago {
  idPago: string;
}

/** The pago, or no-encontrado naming id_pago. */
export const obtenerPago =
  ({ consultas }: { consultas: ConsultasPagos }) =>
  async (q: ObtenerPago): Promise<VistaPago> => {
    const id = validarIdPago(q.idPago);
    const pago = await consultas.obtener(id);
    if (!pago) throw ErrorDominio.noEncontrado('id_pago', `no existe el pago ${id}`);
    return pago;
  };
