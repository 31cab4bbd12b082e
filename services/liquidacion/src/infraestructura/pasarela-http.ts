// The PSP payout API over HTTP: POST /v1/transferencias with Idempotency-Key = id_pago on every call, so a
// repeated call (Dapr retry, redelivery, crash before the ack) never pays twice.
// node:http(s) with a keep-alive agent rather than fetch: under the bench, fetch's web streams, abort
// signals and headers objects were ~10% of liquidacion's CPU; connections to the PSP are reused either way.
// With tracing on, each call is a client span and sends its traceparent, so the PSP can join the trace.
import * as http from 'node:http';
import * as https from 'node:https';
import { enSpanClienteHttp } from '@alpes/seedwork';
import type { PasarelaPagos, ResultadoPasarela, SolicitudTransferencia } from '../aplicacion/puertos';
import { clasificarFalloRed, clasificarRespuesta } from './clasificar-pasarela';

export interface OpcionesPasarelaHttp {
  urlBase: string;
  /** Whole call, response body included. */
  tiempoMaximoMs: number;
  /** Most connections kept to the PSP (default 64; calls beyond it wait for a free one, within the timeout). */
  maximoConexiones?: number;
  /** API key sent as `Authorization: Bearer …` on every call (from a Secret in the cluster); none when empty. */
  credencial?: string;
  /** Bytes of a response body read at most (default 64 KiB): the rest is not read and the connection is dropped. */
  maximoBytesRespuesta?: number;
}

/** Default cap on a PSP response body: a payout answer is a few hundred bytes. */
export const MAXIMO_BYTES_RESPUESTA = 64 * 1024;

export class PasarelaHttp implements PasarelaPagos {
  private readonly url: URL;
  private readonly cliente: typeof http | typeof https;
  private readonly agente: http.Agent;

  constructor(private readonly opciones: OpcionesPasarelaHttp) {
    this.url = new URL('/v1/transferencias', opciones.urlBase);
    const seguro = this.url.protocol === 'https:';
    this.cliente = seguro ? https : http;
    const opcionesAgente = { keepAlive: true, maxSockets: opciones.maximoConexiones ?? 64 };
    this.agente = seguro ? new https.Agent(opcionesAgente) : new http.Agent(opcionesAgente);
    this.cabecerasFijas = opciones.credencial ? { authorization: `Bearer ${opciones.credencial}` } : {};
    this.maximoBytes = opciones.maximoBytesRespuesta ?? MAXIMO_BYTES_RESPUESTA;
  }

  private readonly cabecerasFijas: http.OutgoingHttpHeaders;
  private readonly maximoBytes: number;

  async transferir(solicitud: SolicitudTransferencia): Promise<ResultadoPasarela> {
    const cuerpo = JSON.stringify({
      id_pago: solicitud.idPago,
      id_influencer: solicitud.idInfluencer,
      monto: {
        moneda: solicitud.monto.moneda,
        unidades_menores: solicitud.monto.unidadesMenores.toString(),
      },
    });
    try {
      const { estado, texto } = await enSpanClienteHttp('POST', this.url, (cabecerasTraza) =>
        this.post(cuerpo, solicitud.idPago, cabecerasTraza),
      );
      return clasificarRespuesta(estado, texto);
    } catch (error) {
      return clasificarFalloRed(error, this.opciones.tiempoMaximoMs);
    }
  }

  /** Closes idle connections (shutdown). */
  cerrar(): void {
    this.agente.destroy();
  }

  private post(
    cuerpo: string,
    clave: string,
    cabecerasTraza: Readonly<Record<string, string>>,
  ): Promise<{ estado: number; texto: string }> {
    return new Promise((resolve, reject) => {
      const peticion = this.cliente.request(this.url, {
        method: 'POST',
        agent: this.agente,
        headers: {
          ...this.cabecerasFijas,
          ...cabecerasTraza,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(cuerpo),
          'idempotency-key': clave,
        },
      });
      // The deadline covers the whole exchange (connect, answer and body), like fetch's AbortSignal.timeout.
      const plazo = setTimeout(() => {
        const error = new Error(`sin respuesta en ${this.opciones.tiempoMaximoMs} ms`);
        error.name = 'TimeoutError';
        peticion.destroy(error);
      }, this.opciones.tiempoMaximoMs);
      const fallar = (error: Error) => {
        clearTimeout(plazo);
        reject(error);
      };
      peticion.on('error', fallar);
      peticion.on('response', (respuesta) => {
        const partes: Buffer[] = [];
        let leidos = 0;
        const terminar = () => {
          clearTimeout(plazo);
          resolve({ estado: respuesta.statusCode ?? 0, texto: Buffer.concat(partes).toString('utf8') });
        };
        respuesta.on('data', (parte: Buffer) => {
          const cabe = this.maximoBytes - leidos;
          partes.push(parte.length > cabe ? parte.subarray(0, cabe) : parte);
          leidos += parte.length;
          if (leidos <= this.maximoBytes) return;
          // Too big: stop reading and drop the connection. The status already says what happened;
          // the prefix kept is enough for a reference or a motivo.
          respuesta.removeAllListeners('end');
          respuesta.removeAllListeners('aborted');
          respuesta.removeAllListeners('error');
          respuesta.on('error', () => undefined);
          peticion.destroy();
          terminar();
        });
        respuesta.on('error', fallar);
        respuesta.on('aborted', () => fallar(new Error('la pasarela cortó la respuesta')));
        respuesta.on('end', terminar);
      });
      peticion.end(cuerpo);
    });
  }
}
