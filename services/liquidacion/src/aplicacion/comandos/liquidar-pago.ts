// Settles a PagoSolicitado with the PSP and answers Dapr as DESIGN §4 says:
//   PSP 2xx -> SUCCESS (EXITOSA, LiquidacionFinalizada PAGADO) | permanent 4xx -> SUCCESS (RECHAZADA,
//   LiquidacionFinalizada RECHAZADO) | transient -> RETRY (attempt recorded) | invalid event -> DROP |
//   already settled -> SUCCESS with no PSP call and no event | an event whose payee or amount differs
//   from the stored liquidacion -> DROP (dead letter, alert), never paid.
// The PSP is always called with the stored liquidacion's payee and amount, never the event's.
// Three steps, so no lock is held during the HTTP call: (1) short tx: record EN_PROCESO; (2) call the
// PSP outside any tx (Idempotency-Key = id_pago makes a duplicate call from a concurrent redelivery
// safe); (3) short tx: inbox row + result + outbox. A lost race in (1) or (3) reloads and re-applies.
import {
  conContexto,
  reintentarSiConcurrencia,
  type Logger,
  type Respuesta,
  type EventoRecibido,
} from '@alpes/seedwork';
import { esErrorDominio } from '@alpes/seedwork/dominio';
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
import {
  contextoDe,
  identidadDe,
  iniciarLiquidacion,
  leerPagoSolicitado,
  type PagoSolicitadoRecibido,
} from './pago-solicitado';

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

export type ProcesarPagoSolicitado = (evento: EventoRecibido) => Promise<Respuesta>;

export const procesarPagoSolicitado = (deps: Dependencias): ProcesarPagoSolicitado => {
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
  const preparar = async (solicitud: PagoSolicitadoRecibido): Promise<Preparacion> => {
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
    solicitud: PagoSolicitadoRecibido,
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

  /** Step 3: apply the PSP's answer. Final answers record the inbox row; transient ones must not (Dapr redelivers the same id). */
  const aplicar = (
    solicitud: PagoSolicitadoRecibido,
    resultado: ResultadoPasarela,
    inicio: Date,
    duracionMs: number,
  ) =>
    unidadDeTrabajo.ejecutar(async (tx: Transaccion): Promise<Respuesta> => {
      if (resultado.tipo !== 'transitorio') {
        const nuevo = await inbox.registrarSiNuevo(tx, solicitud.idEvento, CONSUMIDOR_PAGOS_SOLICITADOS);
        if (!nuevo) return 'SUCCESS'; // a concurrent delivery of this event applied it first
      }
      const liquidacion = await repositorio.porIdPago(tx, solicitud.idPago);
      if (!liquidacion) throw new Error(`la liquidacion del pago ${solicitud.idPago} desaparecio`);
      const estadoAntes = liquidacion.estado;
      liquidacion.registrarLlamada(resultado, { ocurridoEn: inicio, duracionMs });
      if (estadoAntes === 'FALLIDA' && liquidacion.estado === 'EXITOSA') {
        logger.warn('la pasarela pagó después de que la liquidacion falló: pasa a EXITOSA', {
          intento: liquidacion.intentoPago,
        });
      } else if (estadoAntes !== 'EN_PROCESO' && resultado.tipo !== 'transitorio') {
        // Settled or failed by a concurrent delivery (or the dead letter) while we called: history only.
        logger.warn('respuesta de la pasarela para una liquidacion que ya no estaba en proceso', {
          estado: estadoAntes,
          resultado: resultado.tipo,
        });
      }
      await repositorio.guardar(tx, liquidacion, { traceparent: solicitud.traceparent });
      return resultado.tipo === 'transitorio' ? 'RETRY' : 'SUCCESS';
    });

  const llamarPasarela = async (transferencia: SolicitudTransferencia): Promise<ResultadoPasarela> => {
    try {
      return await pasarelaPagos.transferir(transferencia);
    } catch (error) {
      // The adapter classifies PSP failures itself; anything it throws is unexpected, so treat it as transient.
      return { tipo: 'transitorio', error: error instanceof Error ? error.message : String(error) };
    }
  };

  /** Steps 1-3 for a readable event; runs in the event's log context. */
  const liquidar = async (solicitud: PagoSolicitadoRecibido): Promise<Respuesta> => {
    const preparacion = await reintentarSiConcurrencia(() => preparar(solicitud));
    if (preparacion.decision === 'discrepante') {
      logger.error(
        'PagoSolicitado contradice la liquidacion guardada: no se paga (DROP, va al dead letter)',
        {
          campo: preparacion.campo,
          intento: solicitud.intento,
        },
      );
      deps.alertas?.eventoDiscrepante(preparacion.campo);
      return 'DROP';
    }
    if (preparacion.decision !== 'llamar-pasarela') {
      const { decision } = preparacion;
      logger.info('PagoSolicitado sin llamada a la pasarela', { decision, intento: solicitud.intento });
      return 'SUCCESS';
    }
    const inicio = reloj.ahora();
    const resultado = await llamarPasarela(preparacion.transferencia);
    const duracionMs = reloj.ahora().getTime() - inicio.getTime();
    const respuesta = await reintentarSiConcurrencia(() => aplicar(solicitud, resultado, inicio, duracionMs));
    const campos = { resultado: resultado.tipo, duracion_ms: duracionMs, intento: solicitud.intento };
    if (resultado.tipo === 'transitorio')
      logger.warn('la pasarela fallo; Dapr reintentara', { ...campos, error: resultado.error });
    else logger.info('liquidacion resuelta por la pasarela', campos);
    return respuesta;
  };

  return async (evento): Promise<Respuesta> => {
    let solicitud: PagoSolicitadoRecibido;
    try {
      solicitud = leerPagoSolicitado(evento);
    } catch (error) {
      if (!esErrorDominio(error)) throw error;
      logger.error('PagoSolicitado invalido: se descarta (DROP, va al dead letter)', {
        id_evento: evento.id,
        ...identidadDe(evento),
        tipo: evento.tipo,
        campo: error.campo,
        error: error.message,
      });
      return 'DROP';
    }
    return conContexto(contextoDe(solicitud), () =>
      liquidar(solicitud).catch((error: unknown): Respuesta => {
        // e.g. the database is down: logged here, in the event's context, and redelivered
        logger.error('no se pudo procesar PagoSolicitado: RETRY', { error });
        return 'RETRY';
      }),
    );
  };
};
