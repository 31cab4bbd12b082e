import { reintentarSiConcurrencia } from '@alpes/seedwork/aplicacion';
import { validarIdPago } from '../validaciones';
import { SIN_LIMITES, type LimitesPagos } from '../limites';
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
  limites?: LimitesPagos;
}

/**
 * FALLIDO -> SOLICITADO and a new PagoSolicitado in the outbox; precondicion in any other state, and
 * once the PSP may have forgotten the pago's idempotency key (limites.plazoReintentoMs).
 */
export const reintentarPago =
  ({ repositorio, unidadDeTrabajo, reloj, limites = SIN_LIMITES }: Dependencias) =>
  async (cmd: ReintentarPago): Promise<VistaPago> => {
    const id = validarIdPago(cmd.idPago);
    return reintentarSiConcurrencia(() =>
      unidadDeTrabajo.ejecutar(async (tx) => {
        const pago = await pagoExistente(repositorio, tx, id);
        pago.reintentar(reloj.ahora(), limites.plazoReintentoMs);
        await repositorio.guardar(tx, pago);
        return pago.instantanea();
      }),
    );
  };
