import { ErrorDominio } from '@alpes/seedwork/dominio';
import { Pago, SolicitudPago, type DatosSolicitudPago } from '../../dominio';
import type { GeneradorIds, Reloj, RepositorioPagos, VistaPago } from '../puertos';
import { SIN_LIMITES, verificarMontoMaximo, type LimitesPagos } from '../limites';

/** Command: accept a payment (answered at once as SOLICITADO; settled asynchronously). */
export interface SolicitarPago extends DatosSolicitudPago {
  idCorrelacion: string;
}

/** The reply also says whether this call created the pago or found the one its key already named. */
export interface ResultadoSolicitarPago {
  pago: VistaPago;
  creado: boolean;
}

interface Dependencias {
  repositorio: RepositorioPagos;
  reloj: Reloj;
  generadorIds: GeneradorIds;
  limites?: LimitesPagos;
}

/**
 * Idempotency: same key + same payload -> the existing pago, no second event; same key + other payload ->
 * conflicto. The insert is tried first (the common case; the repository may group it with other callers'
 * in one statement); when the key is taken, the repository hands back the pago holding it, compared here.
 * Two identical requests racing, or in the same group: one inserts, the other does nothing and gets the
 * winner's pago.
 */
export const solicitarPago =
  ({ repositorio, reloj, generadorIds, limites = SIN_LIMITES }: Dependencias) =>
  async (cmd: SolicitarPago): Promise<ResultadoSolicitarPago> => {
    const solicitud = SolicitudPago.de(cmd); // validated before any I/O: a bad request never reaches a group
    verificarMontoMaximo(solicitud.monto, limites);
    const pago = Pago.solicitar(generadorIds.nuevo(), solicitud, cmd.idCorrelacion, reloj.ahora());
    const resultado = await repositorio.agregarSiClaveLibre(pago);
    if (resultado.agregado) return { pago: pago.instantanea(), creado: true };
    const previo = resultado.existente;
    if (!previo.esLaMismaSolicitud(solicitud)) {
      throw ErrorDominio.conflicto(
        'clave_idempotencia',
        `la clave_idempotencia ${solicitud.claveIdempotencia} ya se usó con otro contenido (pago ${previo.id})`,
      );
    }
    return { pago: previo.instantanea(), creado: false };
  };
