// Domain events -> outbox messages: topic from TOPICOS, CloudEvent type = full proto name, data = proto3 JSON.
import { eventos, TOPICOS } from '@alpes/contratos';
import type { MensajeSaliente } from '@alpes/seedwork';
import { LiquidacionFinalizada, type EventoLiquidacion } from '../dominio';

const PAQUETE_EVENTOS = 'alpespartners.eventos.v1';
export const TIPO_LIQUIDACION_FINALIZADA = `${PAQUETE_EVENTOS}.LiquidacionFinalizada`;
export const TIPO_LIQUIDACION_FALLIDA = `${PAQUETE_EVENTOS}.LiquidacionFallida`;

export function aMensajeSaliente(
  evento: EventoLiquidacion,
  id: string,
  traceparent?: string,
): MensajeSaliente {
  const comunes = { id, idCorrelacion: evento.idCorrelacion || undefined, traceparent };
  if (evento instanceof LiquidacionFinalizada) {
    return {
      ...comunes,
      topico: TOPICOS.liquidacionesFinalizadas,
      tipo: TIPO_LIQUIDACION_FINALIZADA,
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
    tipo: TIPO_LIQUIDACION_FALLIDA,
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
