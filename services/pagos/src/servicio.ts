// Starts and stops the whole process: migrations, the public gRPC API, the Dapr AppCallback on its own
// loopback listener (token-checked), outbox relay, /metrics. detener() is the graceful shutdown: stop
// taking calls and deliveries, let in-flight ones finish, write the pagos still grouping, flush the outbox,
// close the database, export the last spans.
import { NOMBRES, PERMISO_POR_METODO } from '@alpes/contratos';
import {
  crearServidorGrpc,
  direccionDeEscucha,
  iniciarServidorAppCallback,
  iniciarServidorMetricas,
  iniciarTrazas,
  Limitador,
  migrarConRolDeMigracion,
  opcionesTrazas,
  prepararSeguridadGrpc,
  type Logger,
} from '@alpes/seedwork';
import type { AwilixContainer } from 'awilix';
import type { ConfiguracionPagos } from './configuracion';
import { crearContenedor, type Cradle } from './contenedor';
import { MIGRACIONES_PAGOS } from './infraestructura/migraciones';

export interface ServicioPagos {
  puertoGrpc: number;
  puertoAppCallback: number;
  puertoMetricas: number;
  contenedor: AwilixContainer<Cradle>;
  detener(): Promise<void>;
}

export async function iniciarServicio(config: ConfiguracionPagos, logger: Logger): Promise<ServicioPagos> {
  // before anything that handles calls or events; without an OTLP endpoint it builds nothing
  const trazas = iniciarTrazas(opcionesTrazas(config, config.appId));
  const contenedor = crearContenedor(config, logger);
  const { api, suscripciones, relay, metricas } = contenedor.cradle;
  try {
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
    const servidorMetricas = await iniciarServidorMetricas(
      metricas,
      config.puertoMetricas,
      config.hostEscucha,
    );
    const puertoGrpc = await grpc.iniciar(direccionDeEscucha(config.hostEscucha, config.puertoGrpc));
    logger.info('pagos listo', {
      puerto_grpc: puertoGrpc,
      puerto_app_callback: appCallback.puerto,
      puerto_metricas: servidorMetricas.puerto,
    });
    return {
      puertoGrpc,
      puertoAppCallback: appCallback.puerto,
      puertoMetricas: servidorMetricas.puerto,
      contenedor,
      async detener() {
        await Promise.all([grpc.detener(config.plazoApagadoMs), appCallback.detener(config.plazoApagadoMs)]);
        // pagos still waiting for their group (calls cut at the deadline) are written before the relay's flush
        await contenedor.cradle.repositorio.cerrar();
        await relay.detener(config.plazoApagadoMs);
        await servidorMetricas.cerrar();
        await contenedor.dispose(); // closes the knex pool
        await trazas.detener(); // the spans of the last calls and of the outbox flush
        logger.info('pagos detenido');
      },
    };
  } catch (error) {
    await contenedor.dispose().catch(() => undefined);
    await trazas.detener();
    throw error;
  }
}
