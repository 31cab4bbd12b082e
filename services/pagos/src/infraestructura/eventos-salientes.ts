// Domain events -> messages for the outbox. Only PagoSolicitado leaves the service (topic pagos-solicitados);
// the other transitions are recorded in the history only.
import { randomUUID } from 'node:crypto';
import { TIPOS_EVENTO, TOPICOS, eventos } from '@alpes/contratos';
import type { MensajeSaliente } from '@alpes/seedwork';
import { PagoSolicitado, type EventoPago } from '../dominio';

/**
 * The outbox messages for `evento`: none for the transitions kept in the history only (liquidacion's
 * aMensajeSaliente maps one, since all its events leave). Each has a new id: a retry is a new message.
 * The partition key is the pago's id: with a partitioned topic, all of a pago's rounds share a partition.
 */
export function aMensajesSalientes(evento: EventoPago, traceparent?: string): MensajeSaliente[] {
  if (!(evento instanceof PagoSolicitado)) return [];
  const d = evento.datos;
  const datos = eventos.PagoSolicitado.toJSON({
    idPago: evento.idAgregado,
    idInfluencer: d.idInfluencer,
    idPrograma: d.idPrograma,
    referencia: d.referencia,
    monto: { moneda: d.monto.moneda, unidadesMenores: d.monto.unidadesMenores },
    idCorrelacion: d.idCorrelacion,
    intento: d.intento,
    solicitadoEn: evento.ocurridoEn,
  });
  return [
    {
      id: randomUUID(),
      topico: TOPICOS.pagosSolicitados,
      tipo: TIPOS_EVENTO.pagoSolicitado,
      datos,
      idCorrelacion: d.idCorrelacion,
      traceparent,
      claveParticion: evento.idAgregado,
    },
  ];
}
