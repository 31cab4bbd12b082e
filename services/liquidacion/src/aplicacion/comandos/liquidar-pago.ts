// Settles a pago with the PSP (DESIGN §4). Outcomes: the PSP paid or refused for good -> 'resuelta'
// (EXITOSA or RECHAZADA, LiquidacionFinalizada) | a transient PSP failure -> 'pasarela-no-disponible'
// (attempt recorded, to be tried again) | already settled, a duplicate or an old round -> 'sin-llamada'
// (no PSP call, no event) | payee or amount differs from the stored liquidacion -> 'discrepante' (alert),
// never paid. The PSP is always called with the stored liquidacion's payee and amount, never the event's.
// Three steps, so no lock is held during the HTTP call: (1) one read and at most one write record
// EN_PROCESO; (2) call the PSP outside any tx (Idempotency-Key = id_pago makes a duplicate call from a
// concurrent redelivery safe); (3) one statement: inbox row + result + outbox, on the liquidacion step 1
// left. A lost race in (1) or (3) reloads and re-applies in a transaction.
import { reintentarSiConcurrencia, type Logger } from '@alpes/seedwork/aplicacion';
import { ErrorConcurrencia } from '@alpes/seedwork/dominio';
import type { DecisionSolicitud, Liquidacion, Llamada } from '../../dominio';
import type {
  AlertasLiquidacion,
  CampoDiscrepante,
  EventoAplicado,
  GeneradorIds,
  Inbox,
  LiquidacionesSinTransaccion,
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
   * Optional: the repository's one-statement operations without a transaction (each statement commits on
   * its own; the adapter may group concurrent deliveries' statements), for the steps that write at most
   * one statement. Without it every step runs in a unidadDeTrabajo transaction.
   */
  sinTransaccion?: LiquidacionesSinTransaccion;
  /** Optional: where refused events are signalled (metrics). */
  alertas?: AlertasLiquidacion;
}

/**
 * What step 1 decided. A PSP call carries the stored liquidacion's payee and amount; step 3 applies the
 * answer to that same liquidacion (as saved or loaded by step 1).
 */
type Preparacion =
  | { decision: 'llamar-pasarela'; liquidacion: Liquidacion }
  | { decision: Exclude<DecisionSolicitud, 'llamar-pasarela'> | 'duplicado' }
  | { decision: 'discrepante'; campo: CampoDiscrepante };

/** What became of a solicitud; the subscriber turns it into the broker's reply. */
export type DesenlaceLiquidacion = 'resuelta' | 'pasarela-no-disponible' | 'sin-llamada' | 'discrepante';

/** The inbox entry of a solicitud. */
const eventoDe = (solicitud: SolicitudLiquidacion): EventoAplicado => ({
  idEvento: solicitud.idEvento,
  consumidor: CONSUMIDOR_PAGOS_SOLICITADOS,
});

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

  /** The repository's operations in `tx`, in the shape of the ones without a transaction. */
  const enTransaccion = (tx: Transaccion): LiquidacionesSinTransaccion => ({
    porIdPagoConInbox: (idPago, evento) => repositorio.porIdPagoConInbox(tx, idPago, evento),
    guardar: (liquidacion, contexto) => repositorio.guardar(tx, liquidacion, contexto),
    guardarConInbox: (liquidacion, evento, contexto) =>
      repositorio.guardarConInbox(tx, liquidacion, evento, contexto),
  });

  /** `trabajo` on the operations without a transaction when given, else in a transaction. */
  const enUnaSentencia = <T>(trabajo: (liquidaciones: LiquidacionesSinTransaccion) => Promise<T>) =>
    deps.sinTransaccion
      ? trabajo(deps.sinTransaccion)
      : unidadDeTrabajo.ejecutar((tx) => trabajo(enTransaccion(tx)));

  /**
   * Step 1: find or create the liquidacion and decide; acks what needs no PSP call. One read brings the
   * liquidacion and whether the inbox has the event. Most deliveries then write once (a new liquidacion, or
   * one moved to a new attempt) and record no inbox row: that one statement is atomic by itself and the read
   * before it takes no locks (READ COMMITTED), so with `sinTransaccion` they run without BEGIN/COMMIT (two
   * round trips less per event; concurrent deliveries may share each statement). A decision that records
   * the inbox row (with or without a state change) is redone in one transaction.
   */
  const preparar = async (solicitud: SolicitudLiquidacion): Promise<Preparacion> => {
    if (deps.sinTransaccion) {
      const r = await decidir(deps.sinTransaccion, solicitud);
      if (r !== 'necesita-transaccion') return r;
    }
    return unidadDeTrabajo.ejecutar(async (tx) => {
      const r = await decidir(enTransaccion(tx), solicitud, tx);
      if (r === 'necesita-transaccion') throw new Error('inalcanzable: ya en una transacción');
      return r;
    });
  };

  /** Step 1 on `liquidaciones`; `tx` when they run in that transaction (the inbox row needs one). */
  const decidir = async (
    liquidaciones: LiquidacionesSinTransaccion,
    solicitud: SolicitudLiquidacion,
    tx?: Transaccion,
  ): Promise<Preparacion | 'necesita-transaccion'> => {
    const leido = await liquidaciones.porIdPagoConInbox(solicitud.idPago, eventoDe(solicitud));
    if (leido.eventoRegistrado) return { decision: 'duplicado' };
    const ahora = reloj.ahora();
    let liquidacion = leido.liquidacion;
    const campo = liquidacion?.discrepanciaCon(solicitud.idInfluencer, solicitud.monto);
    if (campo) return { decision: 'discrepante', campo };
    const nueva = !liquidacion;
    liquidacion ??= iniciarLiquidacion(solicitud, deps.generadorIds.nuevo(), ahora);
    const antes = { estado: liquidacion.estado, intentoPago: liquidacion.intentoPago };
    const decision = liquidacion.recibirSolicitud(solicitud.intento, ahora);
    const cambio = antes.estado !== liquidacion.estado || antes.intentoPago !== liquidacion.intentoPago;
    const guardar = nueva || cambio;
    const registrar = decision !== 'llamar-pasarela';
    if (registrar && !tx) return 'necesita-transaccion';
    if (guardar) await liquidaciones.guardar(liquidacion, { traceparent: solicitud.traceparent });
    if (tx && registrar) await inbox.registrarSiNuevo(tx, solicitud.idEvento, CONSUMIDOR_PAGOS_SOLICITADOS);
    return decision === 'llamar-pasarela' ? { decision, liquidacion } : { decision };
  };

  /**
   * Step 3: apply the PSP's answer. Final answers record the inbox row; transient ones must not (the same
   * event comes again). The liquidacion step 1 left is current unless another writer changed it since,
   * which the save's version check tells: so it is saved as is, in one statement (atomic by itself, hence
   * without BEGIN/COMMIT when `sinTransaccion` is given, and possibly shared with concurrent deliveries),
   * and only a lost race reloads and re-applies.
   */
  const aplicar = async (
    solicitud: SolicitudLiquidacion,
    liquidacion: Liquidacion,
    resultado: ResultadoPasarela,
    llamada: Llamada,
  ): Promise<DesenlaceLiquidacion> => {
    try {
      return await aplicarSobre(solicitud, liquidacion, resultado, llamada);
    } catch (error) {
      if (!(error instanceof ErrorConcurrencia)) throw error;
      return reintentarSiConcurrencia(() => aplicarReleyendo(solicitud, resultado, llamada));
    }
  };

  /** Step 3 on the liquidacion as step 1 left it: one statement. */
  const aplicarSobre = (
    solicitud: SolicitudLiquidacion,
    liquidacion: Liquidacion,
    resultado: ResultadoPasarela,
    llamada: Llamada,
  ) =>
    enUnaSentencia(async (liquidaciones): Promise<DesenlaceLiquidacion> => {
      registrarResultado(liquidacion, resultado, llamada);
      const contexto = { traceparent: solicitud.traceparent };
      if (resultado.tipo === 'transitorio') {
        await liquidaciones.guardar(liquidacion, contexto);
        return 'pasarela-no-disponible';
      }
      const guardado = await liquidaciones.guardarConInbox(liquidacion, eventoDe(solicitud), contexto);
      // 'evento-ya-registrado': a concurrent delivery of this event applied it first
      return guardado === 'guardada' ? 'resuelta' : 'sin-llamada';
    });

  /** Step 3 after a lost race: in a transaction, on the liquidacion as it is now. */
  const aplicarReleyendo = (
    solicitud: SolicitudLiquidacion,
    resultado: ResultadoPasarela,
    llamada: Llamada,
  ) =>
    unidadDeTrabajo.ejecutar(async (tx: Transaccion): Promise<DesenlaceLiquidacion> => {
      if (resultado.tipo !== 'transitorio') {
        const nuevo = await inbox.registrarSiNuevo(tx, solicitud.idEvento, CONSUMIDOR_PAGOS_SOLICITADOS);
        if (!nuevo) return 'sin-llamada'; // a concurrent delivery of this event applied it first
      }
      const liquidacion = await repositorio.porIdPago(tx, solicitud.idPago);
      if (!liquidacion) throw new Error(`la liquidacion del pago ${solicitud.idPago} desaparecio`);
      registrarResultado(liquidacion, resultado, llamada);
      await repositorio.guardar(tx, liquidacion, { traceparent: solicitud.traceparent });
      return resultado.tipo === 'transitorio' ? 'pasarela-no-disponible' : 'resuelta';
    });

  const registrarResultado = (liquidacion: Liquidacion, resultado: ResultadoPasarela, llamada: Llamada) => {
    const estadoAntes = liquidacion.estado;
    liquidacion.registrarLlamada(resultado, llamada);
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
  };

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
    const { liquidacion } = preparacion;
    const ocurridoEn = reloj.ahora();
    const resultado = await llamarPasarela(liquidacion.transferencia);
    const duracionMs = reloj.ahora().getTime() - ocurridoEn.getTime();
    const desenlace = await aplicar(solicitud, liquidacion, resultado, { ocurridoEn, duracionMs });
    const campos = { resultado: resultado.tipo, duracion_ms: duracionMs, intento: solicitud.intento };
    if (resultado.tipo === 'transitorio')
      logger.warn('la pasarela falló; se reintentará', { ...campos, error: resultado.error });
    else logger.info('liquidación resuelta por la pasarela', campos);
    return desenlace;
  };
};
