// Reads a PagoSolicitado out of a delivered event, strictly: anything missing or of the wrong type is
// an ErrorDominio('invalido') naming the field, so the subscriber can DROP it (never retry poison).
import { ErrorDominio, Monto, type EventoRecibido } from '@alpes/seedwork';
import { tieneCaracteresDeControl } from '@alpes/seedwork/dominio';
import { Liquidacion } from '../../dominio';

/** CloudEvent type of PagoSolicitado (the full proto message name). */
export const TIPO_PAGO_SOLICITADO = 'alpespartners.eventos.v1.PagoSolicitado';

export interface PagoSolicitadoRecibido {
  idEvento: string;
  idPago: string;
  idInfluencer: string;
  monto: Monto;
  idCorrelacion: string;
  /** Round of the pago: 1, then +1 per ReintentarPago. */
  intento: number;
  traceparent?: string;
}

/** Accepts proto3 JSON (lowerCamelCase) and the original proto field names. */
function campo(objeto: Record<string, unknown>, camel: string, snake: string): unknown {
  return objeto[camel] ?? objeto[snake];
}

function texto(objeto: Record<string, unknown>, camel: string, snake: string, requerido: boolean): string {
  const valor = campo(objeto, camel, snake);
  if (valor === undefined || valor === null) {
    if (requerido) throw ErrorDominio.invalido(snake, 'requerido');
    return '';
  }
  if (typeof valor !== 'string') throw ErrorDominio.invalido(snake, 'debe ser texto');
  if (requerido && valor.trim() === '') throw ErrorDominio.invalido(snake, 'requerido');
  // NUL cannot be stored (Postgres text): an event carrying one would fail on every retry
  if (tieneCaracteresDeControl(valor)) throw ErrorDominio.invalido(snake, 'contiene caracteres de control');
  if (valor.length > 256) throw ErrorDominio.invalido(snake, 'demasiado largo');
  return valor;
}

function esObjeto(valor: unknown): valor is Record<string, unknown> {
  return typeof valor === 'object' && valor !== null && !Array.isArray(valor);
}

function leerMonto(valor: unknown): Monto {
  if (!esObjeto(valor)) throw ErrorDominio.invalido('monto', 'requerido: {moneda, unidades_menores}');
  const moneda = valor.moneda;
  if (typeof moneda !== 'string') throw ErrorDominio.invalido('monto.moneda', 'requerido');
  const unidades = campo(valor, 'unidadesMenores', 'unidades_menores');
  let entero: bigint;
  if (typeof unidades === 'string' && /^-?\d{1,20}$/.test(unidades)) entero = BigInt(unidades);
  else if (typeof unidades === 'number' && Number.isSafeInteger(unidades)) entero = BigInt(unidades);
  else throw ErrorDominio.invalido('monto.unidades_menores', 'requerido: entero en unidades menores');
  return Monto.de(moneda, entero);
}

/** pagos numbers rounds from 1 and always sends it: absent (proto3's 0) is not a round of ours. */
function leerIntento(valor: unknown): number {
  if (valor === undefined || valor === null || valor === 0) {
    throw ErrorDominio.invalido('intento', 'requerido: un entero de 1 en adelante');
  }
  if (typeof valor !== 'number' || !Number.isInteger(valor) || valor < 1 || valor > 2 ** 31 - 1) {
    throw ErrorDominio.invalido('intento', 'debe ser un entero de 1 en adelante');
  }
  return valor;
}

/**
 * Log fields of an event that could not be read: whatever ids it does carry (id_pago, id_correlacion,
 * traceparent), so even a DROP line can be found by the pago it was about.
 */
export function identidadDe(evento: EventoRecibido): Record<string, string | undefined> {
  const datos = esObjeto(evento.datos) ? evento.datos : {};
  const textoO = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  return {
    id_pago: textoO(campo(datos, 'idPago', 'id_pago')),
    id_correlacion: textoO(campo(datos, 'idCorrelacion', 'id_correlacion')) ?? evento.idCorrelacion,
    traceparent: evento.traceparent,
  };
}

/** The CloudEvent type must be PagoSolicitado's, also on the dead-letter topic: nothing else fails a liquidacion. */
export function leerPagoSolicitado(evento: EventoRecibido): PagoSolicitadoRecibido {
  if (evento.tipo !== TIPO_PAGO_SOLICITADO) {
    throw ErrorDominio.invalido('type', `tipo de evento '${evento.tipo}' no es ${TIPO_PAGO_SOLICITADO}`);
  }
  if (!evento.id) throw ErrorDominio.invalido('id', 'el evento no tiene id');
  const datos = evento.datos;
  if (!esObjeto(datos)) throw ErrorDominio.invalido('data', 'no es un objeto JSON');
  const idCorrelacion = texto(datos, 'idCorrelacion', 'id_correlacion', false);
  return {
    idEvento: evento.id,
    idPago: texto(datos, 'idPago', 'id_pago', true),
    idInfluencer: texto(datos, 'idInfluencer', 'id_influencer', true),
    monto: leerMonto(datos.monto),
    idCorrelacion: idCorrelacion || evento.idCorrelacion || '',
    intento: leerIntento(datos.intento),
    traceparent: evento.traceparent,
  };
}

/** The liquidacion a PagoSolicitado opens when none exists yet for its pago. */
export function iniciarLiquidacion(solicitud: PagoSolicitadoRecibido, id: string, ahora: Date): Liquidacion {
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

/** Log context of a readable PagoSolicitado: every line of its handling carries these ids. */
export function contextoDe(solicitud: PagoSolicitadoRecibido): Record<string, string | undefined> {
  return {
    id_pago: solicitud.idPago,
    id_correlacion: solicitud.idCorrelacion,
    id_evento: solicitud.idEvento,
    traceparent: solicitud.traceparent,
  };
}
