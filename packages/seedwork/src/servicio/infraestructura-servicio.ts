// The infrastructure every service's container builds alike from the variables all services share
// (URL_BASE_DATOS, ESQUEMA_LIMITES_POSTGRES, DAPR_API_TOKEN, APP_ID): its pool, Dapr publisher, inbox
// purge and outbox relay. Plain functions of what the container holds by the same names, so each
// container registers them with its own lifetimes (and tests can still replace e.g. `publicador`).
import { NOMBRES } from '@alpes/contratos';
import type { Knex } from 'knex';
import { PublicadorDapr } from '../dapr';
import { crearKnex, PurgaInbox, RelayOutbox } from '../infraestructura';
import type { Publicador } from '../mensajeria/puertos';
import type { Metricas } from '../metricas';
import type { Logger } from '../registro';

/** The settings these read. */
export interface ConfiguracionInfraestructura {
  appId: string;
  urlBaseDatos: string;
  maximoConexionesBaseDatos: number;
  tiempoMaximoSentenciaMs: number;
  tiempoMaximoInactivoEnTransaccionMs: number;
  retencionInboxHoras: number;
  intervaloPurgaInboxMinutos: number;
  tokenDapr: string;
}

/** The service role's pool (`nombreAplicacion` is its application_name in pg_stat_activity). */
export function knexDelServicio(config: ConfiguracionInfraestructura, nombreAplicacion: string): Knex {
  return crearKnex({
    url: config.urlBaseDatos,
    maximoConexiones: config.maximoConexionesBaseDatos,
    nombreAplicacion,
    tiempoMaximoSentenciaMs: config.tiempoMaximoSentenciaMs,
    tiempoMaximoInactivoEnTransaccionMs: config.tiempoMaximoInactivoEnTransaccionMs,
  });
}

/** Publishes through the sidecar's gRPC API on loopback (`puertoDapr`: DAPR_GRPC_PORT). */
export function publicadorDelServicio(
  config: ConfiguracionInfraestructura,
  puertoDapr: number,
): PublicadorDapr {
  return new PublicadorDapr({
    direccion: `127.0.0.1:${puertoDapr}`,
    pubsub: NOMBRES.componentePubsub,
    fuente: config.appId,
    tokenDapr: config.tokenDapr,
  });
}

/** The inbox purge (RETENCION_INBOX_HORAS, INTERVALO_PURGA_INBOX_MINUTOS); started by the skeleton. */
export function purgaInboxDelServicio(d: {
  knex: Knex;
  config: ConfiguracionInfraestructura;
  logger: Logger;
}): PurgaInbox {
  return new PurgaInbox({
    knex: d.knex,
    logger: d.logger,
    retencionMs: d.config.retencionInboxHoras * 3_600_000,
    intervaloMs: d.config.intervaloPurgaInboxMinutos * 60_000,
  });
}

/** The outbox relay, woken by LISTEN on the service role's URL. */
export function relayDelServicio(d: {
  knex: Knex;
  publicador: Publicador;
  logger: Logger;
  metricas: Metricas;
  config: ConfiguracionInfraestructura;
}): RelayOutbox {
  const { knex, publicador, logger, metricas, config } = d;
  return new RelayOutbox({ knex, publicador, logger, metricas, urlBaseDatos: config.urlBaseDatos });
}
