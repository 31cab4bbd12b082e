import { ErrorDominio } from '@alpes/seedwork/dominio';
import { Pago, SolicitudPago, type DatosSolicitudPago } from '../../dominio';
import type { GeneradorIds, Reloj, RepositorioPagos, UnidadDeTrabajo, VistaPago } from '../puertos';
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
  unidadDeTrabajo: UnidadDeTrabajo;
  reloj: Reloj;
  generadorIds: GeneradorIds;
  limites?: LimitesPagos;
}

/**
 * Idempotency: same key + same payload -> the existing pago, no second event; same key + other payload ->
 * conflicto. The insert is tried first (the common case costs one statement); when the key is taken, the
 * pago holding it is read and compared. Two identical requests racing: the unique key makes the second
 * insert wait for the first and do nothing, and it then reads the winner's pago.
 */
export const solicitarPago =
  ({ repositorio, unidadDeTrabajo, reloj, generadorIds, limites = SIN_LIMITES }: Dependencias) =>
  async (cmd: SolicitarPago): Promise<ResultadoSolicitarPago> => {
    const solicitud = SolicitudPago.de(cmd); // validated before any I/O: nothing is stored on bad input
    verificarMontoMaximo(solicitud.monto, limites);
    const pago = Pago.solicitar(generadorIds.nuevo(), solicitud, cmd.idCorrelacion, reloj.ahora());
    if (await repositorio.agregarSiClaveLibre(pago)) return { pago: pago.instantanea(), creado: true };
    const previo = await unidadDeTrabajo.ejecutar((tx) =>
      repositorio.porClaveIdempotencia(tx, solicitud.claveIdempotencia),
    );
    if (!previo)
      throw new Error(`la clave ${solicitud.claveIdempotencia} está tomada pero no se encontró su pago`);
    if (!previo.esLaMismaSolicitud(solicitud)) {
      throw ErrorDominio.conflicto(
        'clave_idempotencia',
        `la clave_idempotencia ${solicitud.claveIdempotencia} ya se usó con otro contenido (pago ${previo.id})`,
      );
    }
    return { pago: previo.instantanea(), creado: false };
  };
