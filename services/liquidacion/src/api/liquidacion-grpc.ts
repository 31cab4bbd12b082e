// LiquidacionService: proto <-> queries. Error kinds become gRPC status in the seedwork mapping (unario).
import { liquidacion as proto } from '@alpes/contratos';
import { agregarAlContexto, unario, type Logger, type ServicioGrpc } from '@alpes/seedwork';
import type { obtenerLiquidacion } from '../aplicacion/consultas/obtener-liquidacion';
import type { listarLiquidaciones } from '../aplicacion/consultas/listar-liquidaciones';
import { estadoDeProto, liquidacionAProto } from './mapeo';

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
      return { liquidacion: liquidacionAProto(await deps.obtenerLiquidacion({ idPago: req.idPago })) };
    }),
    listarLiquidaciones: unario(deps.logger, async (req: proto.ListarLiquidacionesRequest) => {
      const pagina = await deps.listarLiquidaciones({
        estado: estadoDeProto(req.estado),
        tamanoPagina: req.pageSize,
        tokenPagina: req.pageToken,
      });
      return {
        liquidaciones: pagina.liquidaciones.map(liquidacionAProto),
        nextPageToken: pagina.siguienteToken,
      };
    }),
  };
  return {
    nombre: 'alpespartners.liquidacion.v1.LiquidacionService',
    definicion: proto.LiquidacionServiceService,
    implementacion,
  };
}
