// A solicitud whose deliveries ran out (or that was refused as contradicting) comes back once more to
// fail its liquidacion: it becomes FALLIDA and LiquidacionFallida goes out through the outbox, once.
// Every outcome is final: a duplicate, an older round, a contradicting solicitud (it says nothing about
// the real one) or an already final liquidacion change nothing.
import { reintentarSiConcurrencia, type Logger } from '@alpes/seedwork/aplicacion';
import type { EstadoLiquidacion } from '../../dominio';
import type { GeneradorIds, Inbox, Reloj, RepositorioLiquidaciones, UnidadDeTrabajo } from '../puertos';
import { iniciarLiquidacion, type SolicitudLiquidacion } from './solicitud-liquidacion';

/** Inbox consumer name of the exhausted solicitudes (the event keeps its id when it comes back). */
export const CONSUMIDOR_DEAD_LETTER = 'liquidacion/pagos-solicitados-dlq';

export interface Dependencias {
  repositorioLiquidaciones: RepositorioLiquidaciones;
  inbox: Inbox;
  unidadDeTrabajo: UnidadDeTrabajo;
  reloj: Reloj;
  generadorIds: GeneradorIds;
  logger: Logger;
}

/** What became of the solicitud; only 'fallida' changed the liquidacion. */
export type DesenlaceFallo =
  'fallida' | 'duplicado' | 'ronda-anterior' | 'discrepante' | `ya-${Lowercase<EstadoLiquidacion>}`;

export type FallarLiquidacion = (solicitud: SolicitudLiquidacion) => Promise<DesenlaceFallo>;

export const fallarLiquidacion = (deps: Dependencias): FallarLiquidacion => {
  const { repositorioLiquidaciones: repositorio, inbox, unidadDeTrabajo, reloj, logger } = deps;

  const fallar = (solicitud: SolicitudLiquidacion) =>
    unidadDeTrabajo.ejecutar(async (tx): Promise<DesenlaceFallo> => {
      if (!(await inbox.registrarSiNuevo(tx, solicitud.idEvento, CONSUMIDOR_DEAD_LETTER))) return 'duplicado';
      const ahora = reloj.ahora();
      let liquidacion = await repositorio.porIdPago(tx, solicitud.idPago);
      if (liquidacion && solicitud.intento < liquidacion.intentoPago) return 'ronda-anterior';
      // A contradicting solicitud was refused for that reason: it says nothing about the real one.
      if (liquidacion?.discrepanciaCon(solicitud.idInfluencer, solicitud.monto)) return 'discrepante';
      // Never reached liquidacion (e.g. the database was down for every retry): it still has to fail.
      liquidacion ??= iniciarLiquidacion(solicitud, deps.generadorIds.nuevo(), ahora);
      if (!liquidacion.marcarFallida(ahora))
        return `ya-${liquidacion.estado.toLowerCase() as Lowercase<EstadoLiquidacion>}`;
      await repositorio.guardar(tx, liquidacion, { traceparent: solicitud.traceparent });
      return 'fallida';
    });

  return async (solicitud) => {
    const resultado = await reintentarSiConcurrencia(() => fallar(solicitud));
    if (resultado === 'fallida')
      logger.warn('liquidación fallida: reintentos agotados', { intento: solicitud.intento });
    else logger.info('fallo de liquidación sin efecto', { resultado, intento: solicitud.intento });
    return resultado;
  };
};
