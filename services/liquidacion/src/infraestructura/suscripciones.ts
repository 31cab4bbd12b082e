// What liquidacion consumes, through seedwork's subscription envelope: PagoSolicitado (settled with the
// PSP) and its dead-letter topic (the liquidacion fails). Replies (DESIGN §4): a transient PSP failure
// asks for RETRY; an undecodable or contradicting PagoSolicitado is DROPped to the dead letter; the rest
// is acked. Dead letters are always acked, even undecodable ones: nothing loops.
import { TIPOS_EVENTO, TOPICOS } from '@alpes/contratos';
import {
  sobreSuscripcion,
  type Logger,
  type LoteSuscripcion,
  type Respuesta,
  type SuscripcionConLote,
} from '@alpes/seedwork';
import type { FallarLiquidacion } from '../aplicacion/comandos/fallar-liquidacion';
import type { DesenlaceLiquidacion, LiquidarPago } from '../aplicacion/comandos/liquidar-pago';
import { aSolicitudLiquidacion, contextoDe } from './pago-solicitado-entrante';

const RESPUESTAS: Record<DesenlaceLiquidacion, Respuesta> = {
  resuelta: 'SUCCESS',
  'sin-llamada': 'SUCCESS',
  'pasarela-no-disponible': 'RETRY',
  discrepante: 'DROP', // to the dead letter, where it fails nothing (fallarLiquidacion: 'discrepante')
};

/**
 * pagos-solicitados: each PagoSolicitado is settled with the PSP. With `lote`, daprd delivers them in
 * batches; the PSP calls of a batch run at once (bounded by the AppCallback's Limitador) and each event
 * gets its own reply.
 */
export function suscripcionPagosSolicitados(deps: {
  liquidarPago: LiquidarPago;
  logger: Logger;
  lote?: LoteSuscripcion;
}) {
  return sobreSuscripcion({
    topico: TOPICOS.pagosSolicitados,
    topicoDeadLetter: TOPICOS.pagosSolicitadosDlq,
    lote: deps.lote,
    tipo: TIPOS_EVENTO.pagoSolicitado,
    decodificar: aSolicitudLiquidacion,
    contexto: contextoDe,
    manejar: deps.liquidarPago,
    respuesta: (desenlace) => RESPUESTAS[desenlace],
    logger: deps.logger,
  });
}

/** pagos-solicitados-dlq: a PagoSolicitado whose deliveries ran out fails its liquidacion. */
export function suscripcionDeadLetter(deps: { fallarLiquidacion: FallarLiquidacion; logger: Logger }) {
  return sobreSuscripcion({
    topico: TOPICOS.pagosSolicitadosDlq,
    // raw: undecodable bytes end up on the dead-letter topic too, and must be acked, not nacked forever
    crudo: true,
    tipo: TIPOS_EVENTO.pagoSolicitado,
    decodificar: aSolicitudLiquidacion,
    contexto: contextoDe,
    manejar: deps.fallarLiquidacion,
    respuesta: () => 'SUCCESS',
    siIndescifrable: 'SUCCESS',
    logger: deps.logger,
  });
}

export function crearSuscripciones(deps: {
  liquidarPago: LiquidarPago;
  fallarLiquidacion: FallarLiquidacion;
  logger: Logger;
  /** Batches for pagos-solicitados (the dead letter, rare, stays one by one). */
  lote?: LoteSuscripcion;
}): SuscripcionConLote[] {
  return [suscripcionPagosSolicitados(deps), suscripcionDeadLetter(deps)];
}
