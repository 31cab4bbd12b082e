// pagos process: config from env -> migrations -> gRPC (PagosService + health + reflection), the Dapr
// AppCallback on its own loopback listener (token-checked) -> outbox relay -> /metrics. SIGTERM/SIGINT:
// stop taking calls and deliveries, let in-flight ones finish, flush the outbox, close the database.
import { NOMBRES, PERMISO_POR_METODO } from '@alpes/contratos';
import {
  crearLogger,
  crearServidorGrpc,
  direccionDeEscucha,
  ErrorConfiguracion,
  iniciarServidorAppCallback,
  iniciarServidorMetricas,
  Limitador,
  migrarConRolDeMigracion,
  prepararSeguridadGrpc,
} from '@alpes/seedwork';
import { leerConfiguracionPagos } from './configuracion';
import { crearContenedor } from './contenedor';
import { MIGRACIONES_PAGOS } from './infraestructura/migraciones';

async function main(): Promise<void> {
  const config = leerConfiguracionPagos();
  const logger = crearLogger({ servicio: 'pagos', nivel: config.nivelLog });
  const contenedor = crearContenedor(config, logger);
  const { api, suscripciones, relay, metricas } = contenedor.cradle;

  // the public port's security first: a misconfigured service stops before touching anything
  const seguridad = await prepararSeguridadGrpc(config, PERMISO_POR_METODO, logger);
  if (config.migrarAlIniciar) {
    // with the migration role, on its own connection; the pool stays on the DML-only role
    const aplicadas = await migrarConRolDeMigracion(
      config.urlBaseDatosMigracion,
      MIGRACIONES_PAGOS,
      'pagos-migrar',
    );
    logger.info('migraciones al día', { aplicadas });
  }

  const grpc = crearServidorGrpc({
    servicios: [seguridad.proteger(api)],
    logger,
    ...seguridad.opcionesServidor,
  });
  const appCallback = await iniciarServidorAppCallback({
    puerto: config.puertoAppCallback,
    tokenApp: config.tokenApp,
    pubsub: NOMBRES.componentePubsub,
    suscripciones,
    registro: logger,
    limitador: new Limitador(config.maximoEntregasEnCurso),
  });
  await relay.iniciar();
  contenedor.cradle.purgaInbox.iniciar(); // stopped by contenedor.dispose()
  const servidorMetricas = await iniciarServidorMetricas(metricas, config.puertoMetricas, config.hostEscucha);
  const puertoGrpc = await grpc.iniciar(direccionDeEscucha(config.hostEscucha, config.puertoGrpc));
  logger.info('pagos listo', {
    puerto_grpc: puertoGrpc,
    puerto_app_callback: appCallback.puerto,
    puerto_metricas: servidorMetricas.puerto,
  });

  let apagando = false;
  const apagar = async (senal: string) => {
    if (apagando) return;
    apagando = true;
    logger.info('apagando', { senal });
    const forzar = setTimeout(
      () => {
        logger.error('el apagado excedió el plazo; se termina el proceso');
        process.exit(1);
      },
      config.plazoApagadoMs * 2 + 5_000,
    );
    forzar.unref();
    try {
      await Promise.all([grpc.detener(config.plazoApagadoMs), appCallback.detener(config.plazoApagadoMs)]);
      await relay.detener(config.plazoApagadoMs);
      await servidorMetricas.cerrar();
      await contenedor.dispose(); // closes the knex pool
      logger.info('pagos detenido');
      process.exitCode = 0;
    } catch (error) {
      logger.error('fallo al apagar', { error });
      process.exitCode = 1;
    }
  };
  process.once('SIGTERM', () => void apagar('SIGTERM'));
  process.once('SIGINT', () => void apagar('SIGINT'));
}

main().catch((error: unknown) => {
  if (error instanceof ErrorConfiguracion) {
    process.stderr.write(`pagos no puede iniciar.\n${error.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`pagos no pudo iniciar: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
