// Subscribers of pagos: results of liquidacion, through seedwork's subscription envelope. Every
// decodable event is acked (SUCCESS) whatever the use case decided, so nothing loops; an event that
// cannot be decoded (wrong CloudEvent type, no intento >= 1, an unknown resultado...) is DROPped to
// pagos' own dead-letter topic, where it is logged whole and counted, never lost in silence; an
// unexpected failure (e.g. database down) asks for RETRY.
import { eventos, TIPOS_EVENTO, TOPICOS } from '@alpes/contratos';
import {
  desdeJsonProto,
  ErrorDominio,
  sobreSuscripcion,
  type DesenlaceSobre,
  type EventoRecibido,
  type Logger,
  type LoteSuscripcion,
  type Respuesta,
  type Suscripcion,
} from '@alpes/seedwork';
import type {
  DesenlaceResultado,
  RegistrarResultadoLiquidacion,
} from '../aplicacion/comandos/registrar-resultado-liquidacion';

type Registrar = (cmd: RegistrarResultadoLiquidacion) => Promise<DesenlaceResultado>;
/** The command plus the correlation id it carries for the log context. */
type ResultadoRecibido = RegistrarResultadoLiquidacion & { idCorrelacion: string };

/** Called with each outcome (metrics); `topico` is always one of pagos' own subscriptions. */
export type AlProcesar = (
  topico: string,
  desenlace: DesenlaceResultado | DesenlaceSobre | 'dead-letter',
) => void;

interface Dependencias {
  registrarResultadoLiquidacion: Registrar;
  logger: Logger;
  alProcesar?: AlProcesar;
  /** Batches for liquidaciones-finalizadas and -fallidas (the dead letter, rare, stays one by one). */
  lote?: LoteSuscripcion;
}

/** pagos' subscriptions: liquidaciones-finalizadas and liquidaciones-fallidas, and their dead-letter topic. */
export function crearSuscripciones({
  registrarResultadoLiquidacion,
  logger,
  alProcesar,
  lote,
}: Dependencias): Suscripcion[] {
  const log = logger.hijo({ componente: 'suscripciones' });
  const suscripcion = (
    topico: string,
    tipo: string,
    decodificar: (datos: unknown, evento: EventoRecibido) => ResultadoRecibido,
  ) =>
    sobreSuscripcion({
      topico,
      topicoDeadLetter: TOPICOS.liquidacionesDlq,
      lote,
      tipo,
      decodificar,
      contexto: (cmd, evento) => ({
        id_correlacion: cmd.idCorrelacion || evento.idCorrelacion,
        id_pago: cmd.idPago,
        id_evento: evento.id,
        traceparent: evento.traceparent,
      }),
      async manejar(cmd) {
        const desenlace = await registrarResultadoLiquidacion(cmd);
        const campos = { topico, desenlace, resultado: cmd.resultado, intento: cmd.intento };
        if (desenlace === 'aplicado' || desenlace === 'repetido')
          log.info('resultado de liquidación', campos);
        else log.warn('resultado de liquidación ignorado', campos);
        return desenlace;
      },
      respuesta: (): Respuesta => 'SUCCESS',
      contar: alProcesar,
      logger: log,
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
    suscripcion(TOPICOS.liquidacionesFinalizadas, TIPOS_EVENTO.liquidacionFinalizada, decodificarFinalizada),
    suscripcion(TOPICOS.liquidacionesFallidas, TIPOS_EVENTO.liquidacionFallida, decodificarFallida),
    deadLetter,
  ];
}

function decodificarFinalizada(datos: unknown, evento: EventoRecibido): ResultadoRecibido {
  const e = exigirPagoEIntento(desdeJsonProto(eventos.LiquidacionFinalizada, datos));
  const { RESULTADO_LIQUIDACION_PAGADO: PAGADO, RESULTADO_LIQUIDACION_RECHAZADO: RECHAZADO } =
    eventos.ResultadoLiquidacion;
  if (e.resultado !== PAGADO && e.resultado !== RECHAZADO)
    throw ErrorDominio.invalido('resultado', `resultado inválido: ${e.resultado}`);
  return {
    idEvento: evento.id,
    idPago: e.idPago,
    resultado: e.resultado === PAGADO ? 'PAGADO' : 'RECHAZADO',
    referenciaPasarela: e.referenciaPasarela,
    motivo: e.motivo,
    intento: e.intento,
    idCorrelacion: e.idCorrelacion,
  };
}

function decodificarFallida(datos: unknown, evento: EventoRecibido): ResultadoRecibido {
  const e = exigirPagoEIntento(desdeJsonProto(eventos.LiquidacionFallida, datos));
  return {
    idEvento: evento.id,
    idPago: e.idPago,
    resultado: 'FALLIDO',
    referenciaPasarela: '',
    motivo: e.motivo || 'liquidación fallida',
    intento: e.intento,
    idCorrelacion: e.idCorrelacion,
  };
}

/** liquidacion numbers the pago's rounds from 1 and always says which pago and round a result belongs to. */
function exigirPagoEIntento<T extends { idPago: string; intento: number }>(e: T): T {
  if (!e.idPago) throw ErrorDominio.invalido('id_pago', 'requerido');
  if (!Number.isInteger(e.intento) || e.intento < 1)
    throw ErrorDominio.invalido('intento', 'requerido (>= 1)');
  return e;
}

/** id_pago of a dead letter when it has a readable one (for its log line). */
function idPagoLegible(datos: unknown): string | undefined {
  if (!datos || typeof datos !== 'object') return undefined;
  const { idPago, id_pago } = datos as Record<string, unknown>;
  const id = idPago ?? id_pago;
  return typeof id === 'string' && id !== '' ? id : undefined;
}
