// Starts and stops the whole process through seedwork's skeleton (@alpes/seedwork/servicio: migrations,
// the public gRPC API, the Dapr AppCallback on its own loopback listener, outbox relay, /metrics, and the
// reverse at detener()). pagos registers its parts; its own stop step: the pagos and results still
// grouping are written before the relay's last flush.
import type { Logger } from '@alpes/seedwork';
import { iniciarEsqueletoServicio, servicioIniciado, type ServicioIniciado } from '@alpes/seedwork/servicio';
import type { AwilixContainer } from 'awilix';
import type { ConfiguracionPagos } from './configuracion';
import { crearContenedor, type Cradle } from './contenedor';
import { MIGRACIONES_PAGOS } from './infraestructura/migraciones';

export type ServicioPagos = ServicioIniciado<AwilixContainer<Cradle>>;

export async function iniciarServicio(config: ConfiguracionPagos, logger: Logger): Promise<ServicioPagos> {
  const servicio = await iniciarEsqueletoServicio(config, logger, {
    nombre: 'pagos',
    mensajes: { migraciones: 'migraciones al día', listo: 'pagos listo', detenido: 'pagos detenido' },
    crearPartes() {
      const contenedor = crearContenedor(config, logger);
      const { api, suscripciones, relay, metricas, purgaInbox, repositorio, resultadosAgrupados } =
        contenedor.cradle;
      return {
        contenedor,
        migraciones: MIGRACIONES_PAGOS,
        api,
        suscripciones,
        relay,
        tareas: [purgaInbox], // stopped by contenedor.dispose()
        metricas,
        plazos: { servidores: config.plazoApagadoMs, relay: config.plazoApagadoMs },
        // pagos and results still waiting for their group (calls cut at the deadline) are written before
        // the relay's flush
        antesDelRelay: [() => repositorio.cerrar(), () => resultadosAgrupados.cerrar()],
        liberar: () => contenedor.dispose(), // closes the knex pool
      };
    },
  });
  return servicioIniciado(servicio);
}
