import type { Monto } from '@alpes/seedwork/dominio';
import { Liquidacion } from '../../dominio';

/**
 * What a PagoSolicitado asks of liquidacion, already read and validated at the edge: settle the pago
 * (liquidarPago) or, once its deliveries ran out, fail it (fallarLiquidacion).
 */
export interface SolicitudLiquidacion {
  /** Id of the event (CloudEvent id): the inbox key. */
  idEvento: string;
  idPago: string;
  idInfluencer: string;
  monto: Monto;
  idCorrelacion: string;
  /** Round of the pago: 1, then +1 per ReintentarPago. */
  intento: number;
  traceparent?: string;
}

/** The liquidacion a solicitud opens when none exists yet for its pago. */
export function iniciarLiquidacion(solicitud: SolicitudLiquidacion, id: string, ahora: Date): Liquidacion {
  return Liquidacion.iniciar(
    {
      id,
      idPago: solicitud.idPago,
      idInfluencer: solicitud.idInfluencer,
      monto: solicitud.monto,
      idCorrelacion: solicitud.idCorrelacion,
      intentoPago: solicitud.intento,
    },
    ahora,
  );
}
