// Starts and stops the whole process: migrations, the public gRPC API, the Dapr AppCallback on its own
// loopback listener (token-checked), outbox relay, /metrics. detener() is the graceful shutdown: stop
// taking calls and deliveries, let in-flight ones (PSP calls included) finish, flush the outbox, close
// connections, export the last spans.
import { NOMBRES, PERMISO_POR_METODO } from '@alpes/contratos';
import {
  crearServidorGrpc,
  direccionDeEscucha,
  iniciarServidorAppCallback,
  iniciarServidorMetricas,
  iniciarTrazas,
  Limitador,
  Metricas,
  migrarConRolDeMigracion,
  opcionesTrazas,
  prepararSeguridadGrpc,
  type Logger,
} from '@alpes/seedwork';
import type { AwilixContainer } from 'awilix';
import type { ConfiguracionLiquidacion } from './configuracion';
import { crearContenedor, type Cradle } from './contenedor';
import { MIGRACIONES } from './infraestructura/migraciones';
import { contadorDeEntregas, medirLiquidacionesPorEstado } from './infraestructura/metricas-liquidacion';

export interface ServicioLiquidacion {
  puertoGrpc: number;
  puertoAppCallback: number;
  puertoMetricas: number;
  contenedor: AwilixContainer<Cradle>;
  detener(): Promise<void>;
}

export async function iniciarServicio(
  config: ConfiguracionLiquidacion,
  logger: Logger,
): Promise<ServicioLiquidacion> {
  const metricas = new Metricas('', { servicio: 'liquidacion' });
  // before anything that handles calls or events; without an OTLP endpoint it builds nothing
  const trazas = iniciarTrazas(opcionesTrazas(config, config.appId));
  const contenedor = crearContenedor(config, logger, metricas);
  const { api, knex, relayOutbox, suscripciones } = contenedor.cradle;
  try {
    // the public port's security first: a misconfigured service stops before touching anything
    const seguridad = await prepararSeguridadGrpc(config, PERMISO_POR_METODO, logger);
    if (config.migrarAlIniciar) {
      // with the migration role, on its own connection; the pool stays on the DML-only role
      const aplicadas = await migrarConRolDeMigracion(
        config.urlBaseDatosMigracion,
        MIGRACIONES,
        'liquidacion-migrar',
      );
      logger.info('migraciones al dia', { aplicadas });
    }
    medirLiquidacionesPorEstado(metricas, knex, logger);
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
      registro: logger.hijo({ componente: 'app-callback' }),
      alResponder: contadorDeEntregas(metricas),
      limitador: new Limitador(config.maximoEntregasEnCurso),
    });
    const servidorMetricas = await iniciarServidorMetricas(
      metricas,
      config.puertoMetricas,
      config.hostEscucha,
    );
    await relayOutbox.iniciar();
    contenedor.cradle.purgaInbox.iniciar(); // stopped by contenedor.dispose()
    const puertoGrpc = await grpc.iniciar(direccionDeEscucha(config.hostEscucha, config.puertoGrpc));
    logger.info('liquidacion lista', {
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
        // In-flight deliveries may be waiting on the PSP: give them its timeout plus a margin.
        const plazo = config.tiempoMaximoPasarelaMs + 5000;
        await Promise.all([grpc.detener(plazo), appCallback.detener(plazo)]);
        await relayOutbox.detener();
        await servidorMetricas.cerrar();
        await contenedor.dispose();
        await trazas.detener(); // the spans of the last calls and of the outbox flush
        logger.info('liquidacion detenida');
      },
    };
  } catch (error) {
    await contenedor.dispose().catch(() => undefined);
    await trazas.detener();
    throw error;
  }
}
