// The envelope every subscription goes through, so application handlers see typed commands only:
// it checks the CloudEvent type (its name carries the contract version), decodes the data into the
// command, runs the handler in the event's log context, turns its outcome into Dapr's reply and
// counts it. An event that cannot be decoded is never retried (poison); a handler that throws is
// (e.g. the database is down): Dapr's resiliency policy, then the dead-letter topic, take over.
// With tracing on, each event is handled in its own span, a child of the CloudEvent's traceparent.
import { esErrorDominio } from '../dominio/error-dominio';
import type { EventoRecibido, Limitar, LoteSuscripcion, Respuesta, Suscripcion } from '../mensajeria/puertos';
import { conContexto, type CamposLog, type Logger } from '../registro';
import { enSpanEvento } from '../trazas/span-evento';

/** Outcomes the envelope itself counts, besides the handler's. */
export type DesenlaceSobre = 'indescifrable' | 'error';

export interface DefinicionSuscripcion<Comando, Desenlace extends string> {
  topico: string;
  /** Where daprd sends the event when retries are exhausted or the reply is DROP. */
  topicoDeadLetter?: string;
  /** Take the topic's bytes as they are (a dead-letter topic may hold anything): see Suscripcion.crudo. */
  crudo?: boolean;
  /** Take deliveries in batches (Dapr bulk subscribe); the events of a batch are handled concurrently. */
  lote?: LoteSuscripcion;
  /** The only CloudEvent type accepted: a full proto message name (TIPOS_EVENTO of @alpes/contratos). */
  tipo: string;
  /** The command in the event; throws (an ErrorDominio naming the field) when there is none. */
  decodificar(datos: unknown, evento: EventoRecibido): Comando;
  /** Ids every log line of the command's handling carries. */
  contexto(comando: Comando, evento: EventoRecibido): CamposLog;
  manejar(comando: Comando): Promise<Desenlace>;
  /** Dapr's reply to each outcome of the handler. */
  respuesta(desenlace: Desenlace): Respuesta;
  /** Reply to an undecodable event: DROP (to the dead letter) unless said; a dead-letter topic acks. */
  siIndescifrable?: Respuesta;
  /** Counts each outcome; the labels are the outcome names and the topic, never the event's content. */
  contar?(topico: string, desenlace: Desenlace | DesenlaceSobre): void;
  logger: Logger;
}

/** A subscription that also takes a batch (Dapr bulk subscribe): one reply per event, in order. */
export interface SuscripcionConLote extends Suscripcion {
  manejarLote(eventos: EventoRecibido[], limitar?: Limitar): Promise<Respuesta[]>;
}

export function sobreSuscripcion<Comando, Desenlace extends string>(
  definicion: DefinicionSuscripcion<Comando, Desenlace>,
): SuscripcionConLote {
  const { topico, logger } = definicion;
  const contar = (desenlace: Desenlace | DesenlaceSobre) => definicion.contar?.(topico, desenlace);

  const indescifrable = (evento: EventoRecibido, error: unknown): Respuesta => {
    const respuesta = definicion.siIndescifrable ?? 'DROP';
    const acusado = respuesta === 'SUCCESS';
    logger.error(
      acusado
        ? 'evento indescifrable: se confirma sin efectos'
        : 'evento indescifrable: al dead letter (DROP)',
      {
        topico,
        id_evento: evento.id,
        tipo: evento.tipo.slice(0, 100),
        ...identidadLegible(evento),
        campo: esErrorDominio(error) ? error.campo : undefined,
        error: (error as Error).message,
        // acked, so this line is all that is left of it; a DROPped one is kept whole on the dead letter
        datos: acusado ? evento.datosCrudos.toString('utf8').slice(0, 2000) : undefined,
      },
    );
    contar('indescifrable');
    return respuesta;
  };

  const manejar = async (evento: EventoRecibido): Promise<Respuesta> => {
    let comando: Comando;
    try {
      exigirTipo(evento, definicion.tipo);
      comando = definicion.decodificar(evento.datos, evento);
    } catch (error) {
      return indescifrable(evento, error);
    }
    return conContexto(definicion.contexto(comando, evento), async () => {
      try {
        const desenlace = await definicion.manejar(comando);
        contar(desenlace);
        return definicion.respuesta(desenlace);
      } catch (error) {
        logger.error('no se pudo procesar el evento: RETRY', { topico, error });
        contar('error');
        return 'RETRY';
      }
    });
  };

  const manejarEnSpan = (evento: EventoRecibido) => enSpanEvento(evento, () => manejar(evento));

  return {
    topico,
    topicoDeadLetter: definicion.topicoDeadLetter,
    crudo: definicion.crudo,
    lote: definicion.lote,
    manejar: manejarEnSpan,
    // Each event on its own (its own decode, context, outcome and reply), all at once up to `limitar`:
    // one event's PSP call or failure neither waits for nor changes its neighbours' replies.
    manejarLote: (eventos, limitar) =>
      Promise.all(eventos.map((e) => (limitar ? limitar(() => manejarEnSpan(e)) : manejarEnSpan(e)))),
  };
}

/** The type names the message and its version: a known message of another version is said so. */
function exigirTipo(evento: EventoRecibido, tipo: string): void {
  if (!evento.id) throw new Error('evento sin id');
  if (evento.tipo === tipo) return;
  const nombre = (t: string) => t.slice(t.lastIndexOf('.') + 1);
  const recibido = evento.tipo.slice(0, 100);
  throw new Error(
    nombre(evento.tipo) === nombre(tipo)
      ? `versión de evento no soportada: '${recibido}' (se acepta ${tipo})`
      : `tipo de evento '${recibido}' no es ${tipo}`,
  );
}

/** The ids an undecodable event does carry, so its log line can be found by the pago it was about. */
function identidadLegible(evento: EventoRecibido): CamposLog {
  const datos = (typeof evento.datos === 'object' && evento.datos) || {};
  const { idPago, id_pago, idCorrelacion, id_correlacion } = datos as Record<string, unknown>;
  const texto = (v: unknown) => (typeof v === 'string' && v !== '' ? v.slice(0, 256) : undefined);
  return {
    id_pago: texto(idPago ?? id_pago),
    id_correlacion: texto(idCorrelacion ?? id_correlacion) ?? evento.idCorrelacion,
    traceparent: evento.traceparent,
  };
}
