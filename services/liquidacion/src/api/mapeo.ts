// Proto <-> application values. The only translation between enum numbers and domain states.
import { liquidacion as proto } from '@alpes/contratos';
import { ErrorDominio } from '@alpes/seedwork/dominio';
import type { VistaLiquidacion } from '../aplicacion/vista-liquidacion';
import type { EstadoLiquidacion, ResultadoIntento } from '../dominio';

const { EstadoLiquidacion: EstadoProto, ResultadoIntento: ResultadoProto } = proto;

const ESTADOS: Record<EstadoLiquidacion, proto.EstadoLiquidacion> = {
  EN_PROCESO: EstadoProto.ESTADO_LIQUIDACION_EN_PROCESO,
  EXITOSA: EstadoProto.ESTADO_LIQUIDACION_EXITOSA,
  RECHAZADA: EstadoProto.ESTADO_LIQUIDACION_RECHAZADA,
  FALLIDA: EstadoProto.ESTADO_LIQUIDACION_FALLIDA,
};

const RESULTADOS: Record<ResultadoIntento, proto.ResultadoIntento> = {
  EXITOSO: ResultadoProto.RESULTADO_INTENTO_EXITOSO,
  RECHAZADO: ResultadoProto.RESULTADO_INTENTO_RECHAZADO,
  ERROR_TRANSITORIO: ResultadoProto.RESULTADO_INTENTO_ERROR_TRANSITORIO,
};

export function liquidacionAProto(vista: VistaLiquidacion): proto.Liquidacion {
  return {
    id: vista.id,
    idPago: vista.idPago,
    idInfluencer: vista.idInfluencer,
    monto: { moneda: vista.monto.moneda, unidadesMenores: vista.monto.unidadesMenores },
    estado: ESTADOS[vista.estado],
    referenciaPasarela: vista.referenciaPasarela,
    motivo: vista.motivo,
    intentos: vista.intentos.map((i) => ({
      numero: i.numero,
      ocurridoEn: i.ocurridoEn,
      resultado: RESULTADOS[i.resultado],
      error: i.error,
      duracionMs: BigInt(i.duracionMs),
    })),
    creadaEn: vista.creadaEn,
    actualizadaEn: vista.actualizadaEn,
  };
}

/** ESTADO_LIQUIDACION_UNSPECIFIED (every state) is undefined; an unknown number is invalido. */
export function estadoDeProto(estado: proto.EstadoLiquidacion): EstadoLiquidacion | undefined {
  if (estado === EstadoProto.ESTADO_LIQUIDACION_UNSPECIFIED) return undefined;
  const encontrado = (Object.keys(ESTADOS) as EstadoLiquidacion[]).find((e) => ESTADOS[e] === estado);
  if (!encontrado) throw ErrorDominio.invalido('estado', `estado ${estado} desconocido`);
  return encontrado;
}
