import { reintentarSiConcurrencia } from '@alpes/seedwork';
import { validarIdPago } from '../validaciones';
import { pagoExistente } from './pago-existente';
import type { Reloj, RepositorioPagos, UnidadDeTrabajo, VistaPago } from '../puertos';

/** Command: an operator retries a FALLIDO pago (a new settlement attempt, intento + 1). */
export interface ReintentarPago {
  idPago: string;
}

interface Dependencias {
  repositorio: RepositorioPagos;
  unidadDeTrabajo: UnidadDeTrabajo;
  reloj: Reloj;
}

/** FALLIDO -> SOLICITADO and a new PagoSolicitado in the outbox; precondicion in any other state. */
export const reintentarPago =
  ({ repositorio, unidadDeTrabajo, reloj }: Dependencias) =>
  async (cmd: ReintentarPago): Promise<VistaPago> => {
    const id = validarIdPago(cmd.idPago);
    return reintentarSiConcurrencia(() =>
      unidadDeTrabajo.ejecutar(async (tx) => {
        const pago = await pagoExistente(repositorio, tx, id);
        pago.reintentar(reloj.ahora());
        await repositorio.guardar(tx, pago);
        return pago.instantanea();
      }),
    );
  };
