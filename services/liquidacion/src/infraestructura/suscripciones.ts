import { TOPICOS } from '@alpes/contratos';
import type { Suscripcion } from '@alpes/seedwork';
import type { ProcesarDeadLetter } from '../aplicacion/comandos/procesar-dead-letter';
import type { ProcesarPagoSolicitado } from '../aplicacion/comandos/procesar-pago-solicitado';

/** What liquidacion consumes: PagoSolicitado (dead-lettered when retries run out or on DROP) and that dead-letter topic. */
export function crearSuscripciones(casos: {
  procesarPagoSolicitado: ProcesarPagoSolicitado;
  procesarDeadLetter: ProcesarDeadLetter;
}): Suscripcion[] {
  return [
    {
      topico: TOPICOS.pagosSolicitados,
      topicoDeadLetter: TOPICOS.pagosSolicitadosDlq,
      manejar: casos.procesarPagoSolicitado,
    },
    // raw: undecodable bytes end up on the dead-letter topic too, and must be acked, not nacked forever
    { topico: TOPICOS.pagosSolicitadosDlq, crudo: true, manejar: casos.procesarDeadLetter },
  ];
}
