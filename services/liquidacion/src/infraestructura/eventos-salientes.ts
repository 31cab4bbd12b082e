// Domain events -> outbox messages: topic from TOPICOS, CloudEvent type = full proto name, data = proto3 JSON,
// partition key = the pago's id (as pagos' events: a pago's results share a partition of a partitioned topic).
import { eventos, TIPOS_EVENTO, TOPICOS } from '@alpes/contratos';
import type { MensajeSaliente } from '@alpes/seedwork';
import { LiquidacionFinalizada, type EventoLiquidacion } from '../dominio';

export function aMensajeSaliente(
  evento: EventoLiquidacion,
  id: string,
  traceparent?: string,
): MensajeSaliente {
  const comunes = {
    id,
    idCorrelacion: evento.idCorrelacion || undefined,
    traceparent,
    claveParticion: evento.idPago,
  };
  if (evento instanceof LiquidacionFinalizada) {
    return {
      ...comunes,
      topico: TOPICOS.liquidacionesFinalizadas,
      tipo: TIPOS_EVENTO.liquidacionFinalizada,
      datos: eventos.LiquidacionFinalizada.toJSON({
        idPago: evento.idPago,
        idLiquidacion: evento.idAgregado,
        resultado:
          evento.resultado === 'PAGADO'
            ? eventos.ResultadoLiquidacion.RESULTADO_LIQUIDACION_PAGADO
            : eventos.ResultadoLiquidacion.RESULTADO_LIQUIDACION_RECHAZADO,
        referenciaPasarela: evento.referenciaPasarela,
        motivo: evento.motivo,
        idCorrelacion: evento.idCorrelacion,
        intento: evento.intentoPago,
        finalizadaEn: evento.ocurridoEn,
      }),
    };
  }
  return {
    ...comunes,
    topico: TOPICOS.liquidacionesFallidas,
    tipo: TIPOS_EVENTO.liquidacionFallida,
    datos: eventos.LiquidacionFallida.toJSON({
      idPago: evento.idPago,
      idLiquidacion: evento.idAgregado,
      motivo: evento.motivo,
      idCorrelacion: evento.idCorrelacion,
      intento: evento.intentoPago,
      fallidaEn: evento.ocurridoEn,
    }),
  };
}
