// Subscribers of pagos (Suscripcion objects served by the Dapr AppCallback): results of liquidacion.
// Every decodable event is acked (SUCCESS) whatever the use case decided, so nothing loops; an event that
// cannot be decoded is DROPped (dead letter); an unexpected failure (e.g. database down) asks for RETRY.
import { TOPICOS, eventos } from '@alpes/contratos';
import {
  conContexto,
  type EventoRecibido,
  type Logger,
  type Respuesta,
  type Suscripcion,
} from '@alpes/seedwork';
import type {
  DesenlaceResultado,
  RegistrarResultadoLiquidacion,
} from '../aplicacion/comandos/registrar-resultado-liquidacion';

type Registrar = (cmd: RegistrarResultadoLiquidacion) => Promise<DesenlaceResultado>;
type Decodificador = (
  evento: EventoRecibido,
) => (RegistrarResultadoLiquidacion & { idCorrelacion: string }) | string;

/** Called with each outcome (metrics). */
export type AlProcesar = (topico: string, desenlace: DesenlaceResultado | 'indescifrable' | 'error') => void;

interface Dependencias {
  registrarResultadoLiquidacion: Registrar;
  logger: Logger;
  alProcesar?: AlProcesar;
}

/** The two subscriptions of pagos: liquidaciones-finalizadas and liquidaciones-fallidas. */
export function crearSuscripciones({
  registrarResultadoLiquidacion,
  logger,
  alProcesar,
}: Dependencias): Suscripcion[] {
  const log = logger.hijo({ componente: 'suscripciones' });
  const suscripcion = (topico: string, decodificar: Decodificador): Suscripcion => ({
    topico,
    async manejar(evento): Promise<Respuesta> {
      const cmd = decodificar(evento);
      if (typeof cmd === 'string') {
        log.error('evento indescifrable: se descarta (DROP)', {
          topico,
          id_evento: evento.id,
          id_pago: idPagoLegible(evento.datos),
          id_correlacion: evento.idCorrelacion,
          traceparent: evento.traceparent,
          problema: cmd,
        });
        alProcesar?.(topico, 'indescifrable');
        return 'DROP';
      }
      const contexto = {
        id_correlacion: cmd.idCorrelacion || evento.idCorrelacion,
        id_pago: cmd.idPago,
        id_evento: evento.id,
        traceparent: evento.traceparent,
      };
      return conContexto(contexto, async () => {
        try {
          const desenlace = await registrarResultadoLiquidacion(cmd);
          const campos = { topico, desenlace, resultado: cmd.resultado, intento: cmd.intento };
          if (desenlace === 'aplicado' || desenlace === 'repetido')
            log.info('resultado de liquidación', campos);
          else log.warn('resultado de liquidación ignorado', campos);
          alProcesar?.(topico, desenlace);
          return 'SUCCESS';
        } catch (error) {
          log.error('no se pudo aplicar el resultado de liquidación: RETRY', { topico, error });
          alProcesar?.(topico, 'error');
          return 'RETRY';
        }
      });
    },
  });
  return [
    suscripcion(TOPICOS.liquidacionesFinalizadas, decodificarFinalizada),
    suscripcion(TOPICOS.liquidacionesFallidas, decodificarFallida),
  ];
}

function decodificarFinalizada(evento: EventoRecibido) {
  const e = desdeJson(evento, eventos.LiquidacionFinalizada.fromJSON);
  if (typeof e === 'string') return e;
  const { RESULTADO_LIQUIDACION_PAGADO: PAGADO, RESULTADO_LIQUIDACION_RECHAZADO: RECHAZADO } =
    eventos.ResultadoLiquidacion;
  if (e.resultado !== PAGADO && e.resultado !== RECHAZADO) return `resultado inválido: ${e.resultado}`;
  return {
    idEvento: evento.id,
    idPago: e.idPago,
    resultado: e.resultado === PAGADO ? ('PAGADO' as const) : ('RECHAZADO' as const),
    referenciaPasarela: e.referenciaPasarela,
    motivo: e.motivo,
    intento: e.intento,
    idCorrelacion: e.idCorrelacion,
  };
}

function decodificarFallida(evento: EventoRecibido) {
  const e = desdeJson(evento, eventos.LiquidacionFallida.fromJSON);
  if (typeof e === 'string') return e;
  return {
    idEvento: evento.id,
    idPago: e.idPago,
    resultado: 'FALLIDO' as const,
    referenciaPasarela: '',
    motivo: e.motivo || 'liquidación fallida',
    intento: e.intento,
    idCorrelacion: e.idCorrelacion,
  };
}

/** id_pago of an undecodable event when it has a readable one (for the DROP log line). */
function idPagoLegible(datos: unknown): string | undefined {
  if (!datos || typeof datos !== 'object') return undefined;
  const { idPago, id_pago } = datos as Record<string, unknown>;
  const id = idPago ?? id_pago;
  return typeof id === 'string' && id !== '' ? id : undefined;
}

function desdeJson<T extends { idPago: string }>(
  evento: EventoRecibido,
  fromJSON: (o: unknown) => T,
): T | string {
  if (!evento.id) return 'evento sin id';
  if (evento.datos === undefined || evento.datos === null || typeof evento.datos !== 'object') {
    return 'datos ausentes o no JSON';
  }
  try {
    const e = fromJSON(evento.datos);
    return e.idPago ? e : 'sin id_pago';
  } catch (error) {
    return `datos inválidos: ${(error as Error).message}`;
  }
}
