#!/usr/bin/env node
// The echo anchor's server, a process of its own like pagos: PagosService on pagos' server stack
// (seedwork's crearServidorGrpc, the bearer-token check of prepararSeguridadGrpc with contratos'
// permissions, seedwork's unario with its log context), whose SolicitarPago answers the request back
// as a SOLICITADO pago without a domain, a database or an event. The bench drives it with the same
// client, load loop and concurrency as SolicitarPago: what is left is gRPC, protobuf, the JWT check
// and the event loop, i.e. the most this stack can accept on this box.
import { randomUUID } from 'node:crypto';
import { PERMISO_POR_METODO, pagos } from '@alpes/contratos';
import {
  crearLogger,
  crearServidorGrpc,
  entero,
  ErrorDominio,
  ESQUEMA_SEGURIDAD_GRPC,
  leerConfiguracion,
  prepararSeguridadGrpc,
  unario,
} from '@alpes/seedwork';

/** Environment the bench gives it (besides JWKS_TOKENS, EMISOR_TOKENS, AUDIENCIA_TOKENS). */
export const ESQUEMA_ECO = {
  ...ESQUEMA_SEGURIDAD_GRPC,
  puertoGrpc: entero('PUERTO_GRPC', { min: 1, max: 65535 }),
};

/** What SolicitarPago answers: the request as a new pago, as pagos would on its first call. */
export function pagoEco(req: pagos.SolicitarPagoRequest, ahora: Date): pagos.Pago {
  return {
    id: randomUUID(),
    idInfluencer: req.idInfluencer,
    idPrograma: req.idPrograma,
    referencia: req.referencia,
    monto: req.monto,
    estado: pagos.EstadoPago.ESTADO_PAGO_SOLICITADO,
    idCorrelacion: '',
    claveIdempotencia: req.claveIdempotencia,
    intentos: 1,
    motivo: '',
    referenciaPasarela: '',
    creadoEn: ahora,
    actualizadoEn: ahora,
    version: 1n,
    historial: [],
  };
}

async function main(): Promise<void> {
  const config = leerConfiguracion(ESQUEMA_ECO);
  const logger = crearLogger({ servicio: 'bench-eco', nivel: 'warn' });
  const log = logger.hijo({ componente: 'api' });
  const noUsado = () =>
    Promise.reject(ErrorDominio.precondicion('metodo', 'el eco solo responde SolicitarPago'));
  const implementacion: pagos.PagosServiceServer = {
    solicitarPago: unario(log, async (req: pagos.SolicitarPagoRequest, ctx) => ({
      pago: { ...pagoEco(req, new Date()), idCorrelacion: ctx.idCorrelacion },
    })),
    // the bench waits for "no pago SOLICITADO" after each run: none here
    listarPagos: unario(log, async () => ({ pagos: [], nextPageToken: '' })),
    obtenerPago: unario(log, noUsado),
    reintentarPago: unario(log, noUsado),
  };
  const seguridad = await prepararSeguridadGrpc(config, PERMISO_POR_METODO, logger);
  const servidor = crearServidorGrpc({
    servicios: [
      seguridad.proteger({
        nombre: 'alpespartners.pagos.v1.PagosService',
        definicion: pagos.PagosServiceService,
        implementacion,
      }),
    ],
    logger,
    ...seguridad.opcionesServidor,
  });
  await servidor.iniciar(`127.0.0.1:${config.puertoGrpc}`);
  const detener = () => void servidor.detener(1000).finally(() => process.exit(0));
  process.once('SIGTERM', detener);
  process.once('SIGINT', detener);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`bench-eco: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
