// LiquidacionService: proto <-> queries. Error kinds become gRPC status in the seedwork mapping (unario).
import { liquidacion as proto } from '@alpes/contratos';
import { agregarAlContexto, unario, type Logger, type ServicioGrpc } from '@alpes/seedwork';
import { ErrorDominio } from '@alpes/seedwork/dominio';
import type { EstadoLiquidacion, ResultadoIntento } from '../dominio';
import type { VistaLiquidacion } from '../aplicacion/vista-liquidacion';
import type { obtenerLiquidacion } from '../aplicacion/consultas/obtener-liquidacion';
import type { listarLiquidaciones } from '../aplicacion/consultas/listar-liquidaciones';

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

export function aProto(vista: VistaLiquidacion): proto.Liquidacion {
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

function estadoDesdeProto(estado: proto.EstadoLiquidacion): EstadoLiquidacion | undefined {
  if (estado === EstadoProto.ESTADO_LIQUIDACION_UNSPECIFIED) return undefined;
  const encontrado = (Object.keys(ESTADOS) as EstadoLiquidacion[]).find((e) => ESTADOS[e] === estado);
  if (!encontrado) throw ErrorDominio.invalido('estado', `estado ${estado} desconocido`);
  return encontrado;
}

export interface DependenciasApi {
  obtenerLiquidacion: ReturnType<typeof obtenerLiquidacion>;
  listarLiquidaciones: ReturnType<typeof listarLiquidaciones>;
  logger: Logger;
}

/** LiquidacionService for grpc-js: its name, definition and implementation. */
export function crearApiLiquidacion(deps: DependenciasApi): ServicioGrpc {
  const implementacion: proto.LiquidacionServiceServer = {
    obtenerLiquidacion: unario(deps.logger, async (req: proto.ObtenerLiquidacionRequest) => {
      agregarAlContexto({ id_pago: req.idPago });
      return { liquidacion: aProto(await deps.obtenerLiquidacion({ idPago: req.idPago })) };
    }),
    listarLiquidaciones: unario(deps.logger, async (req: proto.ListarLiquidacionesRequest) => {
      const pagina = await deps.listarLiquidaciones({
        estado: estadoDesdeProto(req.estado),
        tamanoPagina: req.pageSize,
        tokenPagina: req.pageToken,
      });
      return { liquidaciones: pagina.liquidaciones.map(aProto), nextPageToken: pagina.siguienteToken };
    }),
  };
  return {
    nombre: 'alpespartners.liquidacion.v1.LiquidacionService',
    definicion: proto.LiquidacionServiceService,
    implementacion,
  };
}
