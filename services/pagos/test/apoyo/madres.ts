// Object mothers: valid requests and pagos with one override, so each test shows only what matters to it.
import { randomUUID } from 'node:crypto';
import { pagos } from '@alpes/contratos';
import { Monto } from '@alpes/seedwork/dominio';
import { Pago, SolicitudPago, type DatosSolicitudPago } from '../../src/dominio';

export const AHORA = new Date('2025-01-15T10:00:00.000Z');

let secuencia = 0;
/** A unique-per-call idempotency key. */
export function unaClave(): string {
  return `clave-${++secuencia}-${Math.random().toString(36).slice(2, 8)}`;
}

/** A valid SolicitarPago payload (1500.00 COP to influencer inf-1). */
export function datosSolicitud(cambios: Partial<DatosSolicitudPago> = {}): DatosSolicitudPago {
  return {
    claveIdempotencia: unaClave(),
    idInfluencer: 'inf-1',
    idPrograma: 'prog-1',
    referencia: 'comision enero',
    monto: { moneda: 'COP', unidadesMenores: 150000n },
    ...cambios,
  };
}

/** A valid SolicitarPagoRequest, as a client sends it to the API (1500.00 COP to inf-1). */
export function unaSolicitudGrpc(): pagos.SolicitarPagoRequest {
  return pagos.SolicitarPagoRequest.fromPartial({
    claveIdempotencia: unaClave(),
    idInfluencer: 'inf-1',
    idPrograma: 'prog-1',
    referencia: 'comision',
    monto: { moneda: 'COP', unidadesMenores: 150000n },
  });
}

/** A new Pago in SOLICITADO (events still pending). */
export function unPago(cambios: Partial<DatosSolicitudPago> = {}, id = randomUUID()): Pago {
  return Pago.solicitar(id, SolicitudPago.de(datosSolicitud(cambios)), 'corr-1', AHORA);
}

/** A Pago already FALLIDO, events cleared (as if loaded). */
export function unPagoFallido(): Pago {
  const pago = unPago();
  pago.marcarFallido('pasarela caída', AHORA);
  pago.extraerEventos();
  return pago;
}

export const COP = (unidades: bigint) => Monto.de('COP', unidades);
