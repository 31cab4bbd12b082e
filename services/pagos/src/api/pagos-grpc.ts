// alpespartners.pagos.v1.PagosService: proto -> commands/queries -> proto. Errors are mapped once by the
// seedwork's `unario` (kind -> status); this file knows no status codes.
import { pagos } from '@alpes/contratos';
import {
  agregarAlContexto,
  unario,
  type ContextoLlamada,
  type Logger,
  type ServicioGrpc,
} from '@alpes/seedwork';
import type { ReintentarPago } from '../aplicacion/comandos/reintentar-pago';
import type { ResultadoSolicitarPago, SolicitarPago } from '../aplicacion/comandos/solicitar-pago';
import type { ListarPagos, PaginaListarPagos } from '../aplicacion/consultas/listar-pagos';
import type { ObtenerPago } from '../aplicacion/consultas/obtener-pago';
import type { VistaPago } from '../aplicacion/puertos';
import { estadoDeProto, pagoAProto } from './mapeo';
import { traceparentDeLlamada } from './traza';

/** Full name of the service (health status, reflection). */
export const NOMBRE_SERVICIO_PAGOS = 'alpespartners.pagos.v1.PagosService';

interface Dependencias {
  solicitarPago: (cmd: SolicitarPago) => Promise<ResultadoSolicitarPago>;
  reintentarPago: (cmd: ReintentarPago) => Promise<VistaPago>;
  obtenerPago: (q: ObtenerPago) => Promise<VistaPago>;
  listarPagos: (q: ListarPagos) => Promise<PaginaListarPagos>;
  logger: Logger;
}

/** PagosService for grpc-js: its name, definition and implementation. */
export function crearApiPagos(d: Dependencias): ServicioGrpc {
  const log = d.logger.hijo({ componente: 'api' });
  // Every call gets a valid traceparent in its log context: log lines carry it and the repository
  // writes it on the outbox rows of the events the call raises.
  const rpc = <Req, Res>(fn: (req: Req, ctx: ContextoLlamada) => Promise<Res>) =>
    unario<Req, Res>(log, (req, ctx) => {
      const traceparent = traceparentDeLlamada(ctx.traceparent);
      agregarAlContexto({ traceparent });
      return fn(req, { ...ctx, traceparent });
    });
  const implementacion: pagos.PagosServiceServer = {
    solicitarPago: rpc(async (req: pagos.SolicitarPagoRequest, ctx) => {
      const { pago, creado } = await d.solicitarPago({
        claveIdempotencia: req.claveIdempotencia,
        idInfluencer: req.idInfluencer,
        idPrograma: req.idPrograma,
        referencia: req.referencia,
        monto: req.monto && { moneda: req.monto.moneda, unidadesMenores: req.monto.unidadesMenores },
        idCorrelacion: ctx.idCorrelacion,
      });
      agregarAlContexto({ id_pago: pago.id });
      log.info(creado ? 'pago solicitado' : 'solicitud repetida: se devuelve el mismo pago', {
        monto: pago.monto.toString(),
      });
      return { pago: pagoAProto(pago) };
    }),
    obtenerPago: rpc(async (req: pagos.ObtenerPagoRequest) => {
      agregarAlContexto({ id_pago: req.idPago });
      return { pago: pagoAProto(await d.obtenerPago({ idPago: req.idPago })) };
    }),
    listarPagos: rpc(async (req: pagos.ListarPagosRequest) => {
      const pagina = await d.listarPagos({
        estado: estadoDeProto(req.estado),
        idInfluencer: req.idInfluencer,
        tamanoPagina: req.pageSize,
        tokenPagina: req.pageToken,
      });
      return { pagos: pagina.pagos.map(pagoAProto), nextPageToken: pagina.tokenSiguiente };
    }),
    reintentarPago: rpc(async (req: pagos.ReintentarPagoRequest) => {
      agregarAlContexto({ id_pago: req.idPago });
      const pago = await d.reintentarPago({ idPago: req.idPago });
      log.info('reintento de pago solicitado', { intento: pago.intentos });
      return { pago: pagoAProto(pago) };
    }),
  };
  return { nombre: NOMBRE_SERVICIO_PAGOS, definicion: pagos.PagosServiceService, implementacion };
}
