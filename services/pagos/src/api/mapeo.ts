// Proto <-> application values. The only translation between enum numbers and domain states.
import { pagos } from '@alpes/contratos';
import { ErrorDominio } from '@alpes/seedwork';
import type { VistaPago } from '../aplicacion/puertos';
import type { EstadoPago } from '../dominio';

const { EstadoPago: E } = pagos;

const A_PROTO: Record<EstadoPago, pagos.EstadoPago> = {
  SOLICITADO: E.ESTADO_PAGO_SOLICITADO,
  PAGADO: E.ESTADO_PAGO_PAGADO,
  RECHAZADO: E.ESTADO_PAGO_RECHAZADO,
  FALLIDO: E.ESTADO_PAGO_FALLIDO,
};

/** Domain state -> proto enum; null (creation) -> UNSPECIFIED. */
export function estadoAProto(estado: EstadoPago | null): pagos.EstadoPago {
  return estado === null ? E.ESTADO_PAGO_UNSPECIFIED : A_PROTO[estado];
}

/** Proto enum filter -> domain state; UNSPECIFIED -> no filter; unknown numbers are bad input. */
export function estadoDeProto(estado: pagos.EstadoPago): EstadoPago | undefined {
  if (estado === E.ESTADO_PAGO_UNSPECIFIED) return undefined;
  const encontrado = (Object.keys(A_PROTO) as EstadoPago[]).find((k) => A_PROTO[k] === estado);
  if (!encontrado) throw ErrorDominio.invalido('estado', `estado ${estado} no es un EstadoPago conocido`);
  return encontrado;
}

/** A VistaPago as the proto Pago. */
export function pagoAProto(p: VistaPago): pagos.Pago {
  return {
    id: p.id,
    idInfluencer: p.idInfluencer,
    idPrograma: p.idPrograma,
    referencia: p.referencia,
    monto: { moneda: p.monto.moneda, unidadesMenores: p.monto.unidadesMenores },
    estado: A_PROTO[p.estado],
    idCorrelacion: p.idCorrelacion,
    claveIdempotencia: p.claveIdempotencia,
    intentos: p.intentos,
    motivo: p.motivo,
    referenciaPasarela: p.referenciaPasarela,
    creadoEn: p.creadoEn,
    actualizadoEn: p.actualizadoEn,
    version: BigInt(p.version),
    historial: p.historial.map((t) => ({
      desde: estadoAProto(t.desde),
      hacia: estadoAProto(t.hacia),
      motivo: t.motivo,
      ocurridoEn: t.ocurridoEn,
    })),
  };
}
