// Starts and stops the whole process through seedwork's skeleton (@alpes/seedwork/servicio: migrations,
// the public gRPC API, the Dapr AppCallback on its own loopback listener, outbox relay, /metrics, and the
// reverse at detener()). liquidacion registers its parts; in-flight deliveries may be waiting on the PSP,
// so they get its timeout plus a margin to finish.
import { Metricas, type Logger } from '@alpes/seedwork';
import { iniciarEsqueletoServicio, servicioIniciado, type ServicioIniciado } from '@alpes/seedwork/servicio';
import type { AwilixContainer } from 'awilix';
import type { ConfiguracionLiquidacion } from './configuracion';
import { crearContenedor, type Cradle } from './contenedor';
import { MIGRACIONES } from './infraestructura/migraciones';
import { contadorDeEntregas, medirLiquidacionesPorEstado } from './infraestructura/metricas-liquidacion';

export type ServicioLiquidacion = ServicioIniciado<AwilixContainer<Cradle>>;

export async function iniciarServicio(
  config: ConfiguracionLiquidacion,
  logger: Logger,
): Promise<ServicioLiquidacion> {
  const servicio = await iniciarEsqueletoServicio(config, logger, {
    nombre: 'liquidacion',
    mensajes: {
      migraciones: 'migraciones al día',
      listo: 'liquidacion lista',
      detenido: 'liquidacion detenida',
    },
    crearPartes() {
      const metricas = new Metricas('', { servicio: 'liquidacion' });
      const contenedor = crearContenedor(config, logger, metricas);
      const { api, knex, relay, suscripciones, purgaInbox, sinTransaccion } = contenedor.cradle;
      medirLiquidacionesPorEstado(metricas, knex, logger); // counted at each scrape, after the migrations
      return {
        contenedor,
        migraciones: MIGRACIONES,
        api,
        suscripciones,
        appCallback: {
          registro: logger.hijo({ componente: 'app-callback' }),
          alResponder: contadorDeEntregas(metricas),
        },
        relay,
        tareas: [purgaInbox], // stopped by contenedor.dispose()
        metricas,
        plazos: { servidores: config.tiempoMaximoPasarelaMs + 5000 },
        // statements still waiting for their group (deliveries cut at the deadline) run before the relay's flush
        antesDelRelay: [() => sinTransaccion.cerrar()],
        liberar: () => contenedor.dispose(),
      };
    },
  });
  return servicioIniciado(servicio);
}
