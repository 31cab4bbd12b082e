// Poison messages for pagos-solicitados, published raw (bypassing pagos): what a broken or hostile
// producer could put on the topic. Each must reach the dead-letter topic without being retried.
import { randomBytes } from 'node:crypto';
import { TIPOS_EVENTO } from '@alpes/contratos';

export interface Veneno {
  tipo: string;
  /** The id_pago it claims, when it claims one (it must never be paid). */
  idPago?: string;
  bytes: Uint8Array;
  tipoContenido: string;
}

export const TIPOS_VENENO = [
  'bytes-aleatorios',
  'json-no-evento',
  'evento-tipo-desconocido',
  'datos-no-decodificables',
  'pago-invalido',
] as const;

function eventoNube(id: string, tipo: string, datos: unknown, tipoDatos = 'application/json'): Uint8Array {
  return Buffer.from(
    JSON.stringify({
      specversion: '1.0',
      id,
      source: 'simulacro-veneno',
      type: tipo,
      datacontenttype: tipoDatos,
      data: datos,
    }),
  );
}

export function crearVeneno(tipo: string, n: number, idEjecucion: string): Veneno {
  const id = `veneno-${idEjecucion}-${tipo}-${n}`;
  switch (tipo) {
    case 'bytes-aleatorios':
      // 0xff never starts valid UTF-8/JSON: undecodable by daprd and by the app
      return { tipo, bytes: Buffer.concat([Buffer.from([0xff, 0xfe, 0x00]), randomBytes(61)]), tipoContenido: 'application/octet-stream' };
    case 'json-no-evento':
      return { tipo, bytes: Buffer.from(JSON.stringify({ esto: 'no es un evento', n })), tipoContenido: 'application/json' };
    case 'evento-tipo-desconocido':
      return { tipo, idPago: id, bytes: eventoNube(id, 'alpespartners.eventos.v1.Desconocido', { id_pago: id }), tipoContenido: 'application/cloudevents+json' };
    case 'datos-no-decodificables':
      return { tipo, bytes: eventoNube(id, TIPOS_EVENTO.pagoSolicitado, '%%% no es JSON %%%', 'text/plain'), tipoContenido: 'application/cloudevents+json' };
    case 'pago-invalido':
      // decodable, but breaks every rule: unknown currency, negative amount, no influencer
      return {
        tipo,
        idPago: id,
        bytes: eventoNube(id, TIPOS_EVENTO.pagoSolicitado, {
          id_pago: id,
          id_influencer: '',
          monto: { moneda: '???', unidades_menores: '-5' },
          intento: 1,
        }),
        tipoContenido: 'application/cloudevents+json',
      };
  }
  throw new Error(`tipo de veneno desconocido: ${tipo} (${TIPOS_VENENO.join(', ')})`);
} // prettier-ignore
