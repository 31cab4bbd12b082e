// The PSP payout API over HTTP (Node's fetch): POST /v1/transferencias with Idempotency-Key = id_pago on
// every call, so a repeated call (Dapr retry, redelivery, crash before the ack) never pays twice.
import type { PasarelaPagos, ResultadoPasarela, SolicitudTransferencia } from '../aplicacion/puertos';
import { clasificarFalloRed, clasificarRespuesta } from './clasificar-pasarela';

export interface OpcionesPasarelaHttp {
  urlBase: string;
  /** Whole call, response body included. */
  tiempoMaximoMs: number;
}

export class PasarelaHttp implements PasarelaPagos {
  private readonly url: URL;

  constructor(private readonly opciones: OpcionesPasarelaHttp) {
    this.url = new URL('/v1/transferencias', opciones.urlBase);
  }

  async transferir(solicitud: SolicitudTransferencia): Promise<ResultadoPasarela> {
    try {
      const respuesta = await fetch(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': solicitud.idPago },
        body: JSON.stringify({
          id_pago: solicitud.idPago,
          id_influencer: solicitud.idInfluencer,
          monto: {
            moneda: solicitud.monto.moneda,
            unidades_menores: solicitud.monto.unidadesMenores.toString(),
          },
        }),
        redirect: 'manual',
        signal: AbortSignal.timeout(this.opciones.tiempoMaximoMs),
      });
      return clasificarRespuesta(respuesta.status, await respuesta.text());
    } catch (error) {
      return clasificarFalloRed(error, this.opciones.tiempoMaximoMs);
    }
  }
}
