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
    { topico: TOPICOS.pagosSolicitadosDlq, manejar: casos.procesarDeadLetter },
  ];
}
