// A delivered PagoSolicitado read into the application's SolicitudLiquidacion: decoded with the
// generated codec, then held to what liquidacion needs, strictly. Anything missing or malformed is an
// ErrorDominio('invalido') naming the field, so the subscription refuses it (never retries poison).
import { comun, eventos } from '@alpes/contratos';
import { desdeJsonProto, type EventoRecibido } from '@alpes/seedwork';
import { ErrorDominio, Monto, tieneCaracteresDeControl } from '@alpes/seedwork/dominio';
import type { SolicitudLiquidacion } from '../aplicacion/comandos/solicitud-liquidacion';

const LARGO_MAXIMO_TEXTO = 256;

function texto(valor: string, campo: string, requerido: boolean): string {
  if (requerido && valor.trim() === '') throw ErrorDominio.invalido(campo, 'requerido');
  // NUL cannot be stored (Postgres text): an event carrying one would fail on every retry
  if (tieneCaracteresDeControl(valor)) throw ErrorDominio.invalido(campo, 'contiene caracteres de control');
  if (valor.length > LARGO_MAXIMO_TEXTO) throw ErrorDominio.invalido(campo, 'demasiado largo');
  return valor;
}

/** pagos numbers rounds from 1 and always sends it: absent (proto3's 0) is not a round of ours. */
function intento(valor: number): number {
  if (!Number.isInteger(valor) || valor < 1 || valor > 2 ** 31 - 1) {
    throw ErrorDominio.invalido('intento', 'requerido: un entero de 1 en adelante');
  }
  return valor;
}

export function aSolicitudLiquidacion(datos: unknown, evento: EventoRecibido): SolicitudLiquidacion {
  const e = desdeJsonProto(eventos.PagoSolicitado, datos);
  const monto = (datos as { monto?: unknown }).monto;
  if (monto === undefined || monto === null || !e.monto) {
    throw ErrorDominio.invalido('monto', 'requerido: {moneda, unidades_menores}');
  }
  desdeJsonProto(comun.Monto, monto, 'monto');
  return {
    idEvento: evento.id,
    idPago: texto(e.idPago, 'id_pago', true),
    idInfluencer: texto(e.idInfluencer, 'id_influencer', true),
    monto: Monto.de(e.monto.moneda, e.monto.unidadesMenores),
    idCorrelacion: texto(e.idCorrelacion, 'id_correlacion', false) || evento.idCorrelacion || '',
    intento: intento(e.intento),
    traceparent: evento.traceparent,
  };
}

/** Log context of a solicitud: every line of its handling carries these ids. */
export function contextoDe(solicitud: SolicitudLiquidacion): Record<string, string | undefined> {
  return {
    id_pago: solicitud.idPago,
    id_correlacion: solicitud.idCorrelacion,
    id_evento: solicitud.idEvento,
    traceparent: solicitud.traceparent,
  };
}
