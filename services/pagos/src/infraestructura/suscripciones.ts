// Subscribers of pagos (Suscripcion objects served by the Dapr AppCallback): results of liquidacion.
// Every decodable event is acked (SUCCESS) whatever the use case decided, so nothing loops; an event that
// cannot be decoded (wrong CloudEvent type, no intento >= 1, an unknown resultado...) is DROPped to
// pagos' own dead-letter topic, where it is logged whole and counted, never lost in silence; an
// unexpected failure (e.g. database down) asks for RETRY.
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

/** CloudEvent types pagos accepts: the full proto message names (DESIGN §4). */
export const TIPO_LIQUIDACION_FINALIZADA = 'alpespartners.eventos.v1.LiquidacionFinalizada';
export const TIPO_LIQUIDACION_FALLIDA = 'alpespartners.eventos.v1.LiquidacionFallida';

/** Called with each outcome (metrics); `topico` is always one of pagos' own subscriptions. */
export type AlProcesar = (
  topico: string,
  desenlace: DesenlaceResultado | 'indescifrable' | 'error' | 'dead-letter',
) => void;

interface Dependencias {
  registrarResultadoLiquidacion: Registrar;
  logger: Logger;
  alProcesar?: AlProcesar;
}

/** pagos' subscriptions: liquidaciones-finalizadas and liquidaciones-fallidas, and their dead-letter topic. */
export function crearSuscripciones({
  registrarResultadoLiquidacion,
  logger,
  alProcesar,
}: Dependencias): Suscripcion[] {
  const log = logger.hijo({ componente: 'suscripciones' });
  const suscripcion = (topico: string, decodificar: Decodificador): Suscripcion => ({
    topico,
    topicoDeadLetter: TOPICOS.liquidacionesDlq,
    async manejar(evento): Promise<Respuesta> {
      const cmd = decodificar(evento);
      if (typeof cmd === 'string') {
        log.error('evento indescifrable: al dead letter (DROP)', {
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
  // raw: a dead-letter topic may hold anything (bytes daprd could not parse); it is acked after logging
  const deadLetter: Suscripcion = {
    topico: TOPICOS.liquidacionesDlq,
    crudo: true,
    async manejar(evento): Promise<Respuesta> {
      log.error('evento de liquidacion en el dead letter: revisar y, si corresponde, reenviar', {
        topico: TOPICOS.liquidacionesDlq,
        id_evento: evento.id,
        tipo: evento.tipo,
        id_pago: idPagoLegible(evento.datos),
        id_correlacion: evento.idCorrelacion,
        traceparent: evento.traceparent,
        datos: evento.datosCrudos.toString('utf8').slice(0, 2000),
      });
      alProcesar?.(TOPICOS.liquidacionesDlq, 'dead-letter');
      return 'SUCCESS';
    },
  };
  return [
    suscripcion(TOPICOS.liquidacionesFinalizadas, decodificarFinalizada),
    suscripcion(TOPICOS.liquidacionesFallidas, decodificarFallida),
    deadLetter,
  ];
}

function decodificarFinalizada(evento: EventoRecibido) {
  const e = desdeJson(evento, TIPO_LIQUIDACION_FINALIZADA, eventos.LiquidacionFinalizada.fromJSON);
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
  const e = desdeJson(evento, TIPO_LIQUIDACION_FALLIDA, eventos.LiquidacionFallida.fromJSON);
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

function desdeJson<T extends { idPago: string; intento: number }>(
  evento: EventoRecibido,
  tipo: string,
  fromJSON: (o: unknown) => T,
): T | string {
  if (evento.tipo !== tipo) return `tipo de evento '${evento.tipo.slice(0, 100)}' no es ${tipo}`;
  if (!evento.id) return 'evento sin id';
  if (evento.datos === undefined || evento.datos === null || typeof evento.datos !== 'object') {
    return 'datos ausentes o no JSON';
  }
  try {
    const e = fromJSON(evento.datos);
    if (!e.idPago) return 'sin id_pago';
    // liquidacion numbers the pago's rounds from 1 and always says which one a result belongs to
    if (!Number.isInteger(e.intento) || e.intento < 1) return 'sin intento (>= 1)';
    return e;
  } catch (error) {
    return `datos inválidos: ${(error as Error).message}`;
  }
}
