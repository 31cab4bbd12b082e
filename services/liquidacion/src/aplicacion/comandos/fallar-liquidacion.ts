// A PagoSolicitado whose retries ran out (or that was DROPped) arrives on the dead-letter topic: the
// liquidacion becomes FALLIDA and LiquidacionFallida goes out through the outbox, once. Dead letters
// are always acked: one that cannot be read (wrong CloudEvent type included), whose liquidacion is
// final, or whose payee/amount contradicts the stored liquidacion, is logged and dropped here.
import {
  conContexto,
  reintentarSiConcurrencia,
  type EventoRecibido,
  type Logger,
  type Respuesta,
} from '@alpes/seedwork';
import { esErrorDominio } from '@alpes/seedwork/dominio';
import type { GeneradorIds, Inbox, Reloj, RepositorioLiquidaciones, UnidadDeTrabajo } from '../puertos';
import {
  contextoDe,
  identidadDe,
  iniciarLiquidacion,
  leerPagoSolicitado,
  type PagoSolicitadoRecibido,
} from './pago-solicitado';

/** Inbox consumer name of the dead-letter subscription (the event keeps its id when dead-lettered). */
export const CONSUMIDOR_DEAD_LETTER = 'liquidacion/pagos-solicitados-dlq';

export interface Dependencias {
  repositorioLiquidaciones: RepositorioLiquidaciones;
  inbox: Inbox;
  unidadDeTrabajo: UnidadDeTrabajo;
  reloj: Reloj;
  generadorIds: GeneradorIds;
  logger: Logger;
}

export type ProcesarDeadLetter = (evento: EventoRecibido) => Promise<Respuesta>;

export const procesarDeadLetter = (deps: Dependencias): ProcesarDeadLetter => {
  const { repositorioLiquidaciones: repositorio, inbox, unidadDeTrabajo, reloj, logger } = deps;

  const fallar = (solicitud: PagoSolicitadoRecibido) =>
    unidadDeTrabajo.ejecutar(async (tx): Promise<string> => {
      if (!(await inbox.registrarSiNuevo(tx, solicitud.idEvento, CONSUMIDOR_DEAD_LETTER))) return 'duplicado';
      const ahora = reloj.ahora();
      let liquidacion = await repositorio.porIdPago(tx, solicitud.idPago);
      if (liquidacion && solicitud.intento < liquidacion.intentoPago) return 'ronda-anterior';
      // A contradicting event was dead-lettered for that reason: it says nothing about the real one.
      if (liquidacion?.discrepanciaCon(solicitud.idInfluencer, solicitud.monto)) return 'discrepante';
      // Never reached liquidacion (e.g. the database was down for every retry): it still has to fail.
      liquidacion ??= iniciarLiquidacion(solicitud, deps.generadorIds.nuevo(), ahora);
      if (!liquidacion.marcarFallida(ahora)) return `ya-${liquidacion.estado.toLowerCase()}`;
      await repositorio.guardar(tx, liquidacion, { traceparent: solicitud.traceparent });
      return 'fallida';
    });

  return async (evento): Promise<Respuesta> => {
    let solicitud: PagoSolicitadoRecibido;
    try {
      // Whatever was dead-lettered is acked, never loops; only a real PagoSolicitado can fail a liquidacion.
      solicitud = leerPagoSolicitado(evento);
    } catch (error) {
      if (!esErrorDominio(error)) throw error;
      logger.error('dead letter ilegible: se descarta', {
        id_evento: evento.id,
        ...identidadDe(evento),
        tipo: evento.tipo,
        campo: error.campo,
        error: error.message,
        datos: evento.datosCrudos.toString('utf8').slice(0, 500),
      });
      return 'SUCCESS';
    }
    return conContexto(contextoDe(solicitud), async (): Promise<Respuesta> => {
      let resultado: string;
      try {
        resultado = await reintentarSiConcurrencia(() => fallar(solicitud));
      } catch (error) {
        // e.g. the database is down: logged here, in the event's context, and redelivered
        logger.error('no se pudo procesar el dead letter: RETRY', { error });
        return 'RETRY';
      }
      if (resultado === 'fallida')
        logger.warn('liquidacion fallida: reintentos agotados', { intento: solicitud.intento });
      else logger.info('dead letter sin efecto', { resultado, intento: solicitud.intento });
      return 'SUCCESS';
    });
  };
};
