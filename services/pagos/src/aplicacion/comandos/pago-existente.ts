import { ErrorDominio } from '@alpes/seedwork/dominio';
import type { Pago } from '../../dominio';
import type { RepositorioPagos, Transaccion } from '../puertos';

/** Loads a pago or fails with no-encontrado naming id_pago. */
export async function pagoExistente(
  repositorio: RepositorioPagos,
  tx: Transaccion,
  id: string,
): Promise<Pago> {
  const pago = await repositorio.porId(tx, id);
  if (!pago) throw ErrorDominio.noEncontrado('id_pago', `no existe el pago ${id}`);
  return pago;
}
