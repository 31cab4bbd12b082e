// Settles a pago with the PSP (DESIGN §4). Outcomes: the PSP paid or refused for good -> 'resuelta'
// (EXITOSA or RECHAZADA, LiquidacionFinalizada) | a transient PSP failure -> 'pasarela-no-disponible'
// (attempt recorded, to be tried again) | already settled, a duplicate or an old round -> 'sin-llamada'
// (no PSP call, no event) | payee or amount differs from the stored liquidacion -> 'discrepante' (alert),
// never paid. The PSP is always called with the stored liquidacion's payee and amount, never the event's.
// Three steps, so no lock is held during the HTTP call: (1) short tx: record EN_PROCESO; (2) call the
// PSP outside any tx (Idempotency-Key = id_pago makes a duplicate call from a concurrent redelivery
// safe); (3) short tx: inbox row + result + outbox. A lost race in (1) or (3) reloads and re-applies.
import { reintentarSiConcurrencia, type Logger } from '@alpes/seedwork/aplicacion';
import type { DecisionSolicitud } from '../../dominio';
import type {
  AlertasLiquidacion,
  CampoDiscrepante,
  GeneradorIds,
  Inbox,
  PasarelaPagos,
  Reloj,
  RepositorioLiquidaciones,
  ResultadoPasarela,
  SolicitudTransferencia,
  Transaccion,
  UnidadDeTrabajo,
} from '../puertos';
import { iniciarLiquidacion, type SolicitudLiquidacion } from './solicitud-liquidacion';

/** Inbox consumer name of the pagos-solicitados subscription. */
export const CONSUMIDOR_PAGOS_SOLICITADOS = 'liquidacion/pagos-solicitados';

export interface Dependencias {
  repositorioLiquidaciones: RepositorioLiquidaciones;
  inbox: Inbox;
  unidadDeTrabajo: UnidadDeTrabajo;
  pasarelaPagos: PasarelaPagos;
  reloj: Reloj;
  generadorIds: GeneradorIds;
  logger: Logger;
  /**
   * Optional: runs work without a transaction (each statement commits on its own), for the steps that
   * write at most one statement. Without it every step uses unidadDeTrabajo.
   */
  sinTransaccion?: UnidadDeTrabajo;
  /** Optional: where refused events are signalled (metrics). */
  alertas?: AlertasLiquidacion;
}

/** What step 1 decided; a PSP call carries the stored liquidacion's payee and amount. */
type Preparacion =
  | { decision: 'llamar-pasarela'; transferencia: SolicitudTransferencia }
  | { decision: Exclude<DecisionSolicitud, 'llamar-pasarela'> | 'duplicado' }
  | { decision: 'discrepante'; campo: CampoDiscrepante };

/** What became of a solicitud; the subscriber turns it into the broker's reply. */
export type DesenlaceLiquidacion = 'resuelta' | 'pasarela-no-disponible' | 'sin-llamada' | 'discrepante';

export type LiquidarPago = (solicitud: SolicitudLiquidacion) => Promise<DesenlaceLiquidacion>;

export const liquidarPago = (deps: Dependencias): LiquidarPago => {
  const {
    repositorioLiquidaciones: repositorio,
    inbox,
    unidadDeTrabajo,
    pasarelaPagos,
    reloj,
    logger,
  } = deps;

  /**
   * Step 1: find or create the liquidacion and decide; acks what needs no PSP call. Most deliveries write
   * once (a new liquidacion, or one moved to a new attempt) and record no inbox row: that one statement is
   * atomic by itself and the reads before it take no locks (READ COMMITTED), so with `sinTransaccion` they
   * run without BEGIN/COMMIT (two round trips less per event). When a decision writes twice (state and
   * inbox), everything is redone in one transaction.
   */
  const preparar = async (solicitud: SolicitudLiquidacion): Promise<Preparacion> => {
    if (deps.sinTransaccion) {
      const r = await deps.sinTransaccion.ejecutar((sesion) => decidir(sesion, solicitud, false));
      if (r !== 'necesita-transaccion') return r;
    }
    return unidadDeTrabajo.ejecutar(async (tx) => {
      const r = await decidir(tx, solicitud, true);
      if (r === 'necesita-transaccion') throw new Error('inalcanzable: ya en una transacción');
      return r;
    });
  };

  const decidir = async (
    tx: Transaccion,
    solicitud: SolicitudLiquidacion,
    enTransaccion: boolean,
  ): Promise<Preparacion | 'necesita-transaccion'> => {
    if (await inbox.yaProcesado(tx, solicitud.idEvento, CONSUMIDOR_PAGOS_SOLICITADOS)) {
      return { decision: 'duplicado' };
    }
    const ahora = reloj.ahora();
    let liquidacion = await repositorio.porIdPago(tx, solicitud.idPago);
    const campo = liquidacion?.discrepanciaCon(solicitud.idInfluencer, solicitud.monto);
    if (campo) return { decision: 'discrepante', campo };
    const nueva = !liquidacion;
    liquidacion ??= iniciarLiquidacion(solicitud, deps.generadorIds.nuevo(), ahora);
    const antes = { estado: liquidacion.estado, intentoPago: liquidacion.intentoPago };
    const decision = liquidacion.recibirSolicitud(solicitud.intento, ahora);
    const cambio = antes.estado !== liquidacion.estado || antes.intentoPago !== liquidacion.intentoPago;
    const guardar = nueva || cambio;
    const registrar = decision !== 'llamar-pasarela';
    if (guardar && registrar && !enTransaccion) return 'necesita-transaccion';
    if (guardar) await repositorio.guardar(tx, liquidacion, { traceparent: solicitud.traceparent });
    if (registrar) await inbox.registrarSiNuevo(tx, solicitud.idEvento, CONSUMIDOR_PAGOS_SOLICITADOS);
    return decision === 'llamar-pasarela'
      ? { decision, transferencia: liquidacion.transferencia }
      : { decision };
  };

  /** Step 3: apply the PSP's answer. Final answers record the inbox row; transient ones must not (the same event comes again). */
  const aplicar = (
    solicitud: SolicitudLiquidacion,
    resultado: ResultadoPasarela,
    inicio: Date,
    duracionMs: number,
  ) =>
    unidadDeTrabajo.ejecutar(async (tx: Transaccion): Promise<DesenlaceLiquidacion> => {
      if (resultado.tipo !== 'transitorio') {
        const nuevo = await inbox.registrarSiNuevo(tx, solicitud.idEvento, CONSUMIDOR_PAGOS_SOLICITADOS);
        if (!nuevo) return 'sin-llamada'; // a concurrent delivery of this event applied it first
      }
      const liquidacion = await repositorio.porIdPago(tx, solicitud.idPago);
      if (!liquidacion) throw new Error(`la liquidacion del pago ${solicitud.idPago} desaparecio`);
      const estadoAntes = liquidacion.estado;
      liquidacion.registrarLlamada(resultado, { ocurridoEn: inicio, duracionMs });
      if (estadoAntes === 'FALLIDA' && liquidacion.estado === 'EXITOSA') {
        logger.warn('la pasarela pagó después de que la liquidación falló: pasa a EXITOSA', {
          intento: liquidacion.intentoPago,
        });
      } else if (estadoAntes !== 'EN_PROCESO' && resultado.tipo !== 'transitorio') {
        // Settled or failed by a concurrent delivery (or fallarLiquidacion) while we called: history only.
        logger.warn('respuesta de la pasarela para una liquidación que ya no estaba en proceso', {
          estado: estadoAntes,
          resultado: resultado.tipo,
        });
      }
      await repositorio.guardar(tx, liquidacion, { traceparent: solicitud.traceparent });
      return resultado.tipo === 'transitorio' ? 'pasarela-no-disponible' : 'resuelta';
    });

  const llamarPasarela = async (transferencia: SolicitudTransferencia): Promise<ResultadoPasarela> => {
    try {
      return await pasarelaPagos.transferir(transferencia);
    } catch (error) {
      // The adapter classifies PSP failures itself; anything it throws is unexpected, so treat it as transient.
      return { tipo: 'transitorio', error: error instanceof Error ? error.message : String(error) };
    }
  };

  /** Steps 1-3; the caller runs it in the event's log context. */
  return async (solicitud) => {
    const preparacion = await reintentarSiConcurrencia(() => preparar(solicitud));
    if (preparacion.decision === 'discrepante') {
      logger.error('PagoSolicitado contradice la liquidación guardada: no se paga', {
        campo: preparacion.campo,
        intento: solicitud.intento,
      });
      deps.alertas?.eventoDiscrepante(preparacion.campo);
      return 'discrepante';
    }
    if (preparacion.decision !== 'llamar-pasarela') {
      const { decision } = preparacion;
      logger.info('PagoSolicitado sin llamada a la pasarela', { decision, intento: solicitud.intento });
      return 'sin-llamada';
    }
    const inicio = reloj.ahora();
    const resultado = await llamarPasarela(preparacion.transferencia);
    const duracionMs = reloj.ahora().getTime() - inicio.getTime();
    const desenlace = await reintentarSiConcurrencia(() => aplicar(solicitud, resultado, inicio, duracionMs));
    const campos = { resultado: resultado.tipo, duracion_ms: duracionMs, intento: solicitud.intento };
    if (resultado.tipo === 'transitorio')
      logger.warn('la pasarela falló; se reintentará', { ...campos, error: resultado.error });
    else logger.info('liquidación resuelta por la pasarela', campos);
    return desenlace;
  };
};
