// One service process, started and stopped in one order for every service: tracing, the service's parts,
// the public port's security, migrations with the DDL role, the gRPC API (built), the Dapr AppCallback,
// the outbox relay and background tasks, /metrics, then the gRPC API listens. detener() is the graceful
// shutdown: stop taking calls and deliveries (in-flight ones finish within the deadline), the service's
// own steps, the relay's last flush, /metrics, release the parts (knex pool…), export the last spans.
// A service registers only its parts (PartesServicio); a step that fails at start stops what already
// started, in that same order, and its error says which step it was.
import { NOMBRES, PERMISO_POR_METODO } from '@alpes/contratos';
import { prepararSeguridadGrpc, type ConfiguracionSeguridadGrpc } from '../autenticacion';
import { direccionDeEscucha, ErrorConfiguracion } from '../configuracion';
import {
  iniciarServidorAppCallback,
  Limitador,
  type OpcionesAppCallback,
  type ServidorAppCallback,
} from '../dapr';
import { crearServidorGrpc, type ServicioGrpc, type ServidorGrpc } from '../grpc';
import { migrarConRolDeMigracion, type Migracion } from '../infraestructura';
import type { Suscripcion } from '../mensajeria/puertos';
import { iniciarServidorMetricas, type Metricas, type ServidorMetricas } from '../metricas';
import type { Logger } from '../registro';
import { iniciarTrazas, opcionesTrazas, type ConfiguracionTrazas } from '../trazas';

/** The settings the skeleton reads (every service's schema spreads the variables behind them). */
export interface ConfiguracionEsqueleto extends ConfiguracionSeguridadGrpc, ConfiguracionTrazas {
  appId: string;
  hostEscucha: string;
  puertoGrpc: number;
  puertoAppCallback: number;
  puertoMetricas: number;
  tokenApp: string;
  migrarAlIniciar: boolean;
  urlBaseDatosMigracion: string;
  maximoEntregasEnCurso: number;
}

/** What a service registers: its own pieces; the skeleton decides when each starts and stops. */
export interface PartesServicio {
  /** Applied at start with the DDL role when MIGRAR_AL_INICIAR (the default). */
  migraciones: Migracion[];
  /** Its public gRPC service (definition + handlers), served behind the bearer-token check. */
  api: ServicioGrpc;
  /** Its Dapr subscriptions, served on the AppCallback listener. */
  suscripciones: Suscripcion[];
  /** How the AppCallback logs and counts deliveries (default: the service's logger, no count). */
  appCallback?: Pick<OpcionesAppCallback, 'registro' | 'alResponder'>;
  relay: { iniciar(): Promise<void>; detener(plazoMs?: number): Promise<void> };
  /** Background work started after the relay (e.g. the inbox purge); liberar() stops it. */
  tareas?: Array<{ iniciar(): void }>;
  metricas: Metricas;
  plazos: {
    /** How long in-flight calls and deliveries may take to finish at stop, ms. */
    servidores: number;
    /** The relay's last flush, ms (PLAZO_RELAY_POR_DEFECTO_MS when absent). */
    relay?: number;
  };
  /** Stop steps after the servers and before the relay's last flush (e.g. writing what is still grouped). */
  antesDelRelay?: Array<() => Promise<void>>;
  /** Releases what the parts hold (e.g. the container: knex pool, purge timer, publisher). */
  liberar(): Promise<void>;
}

/** A service for the skeleton: its name, its log lines, and how to build its parts. */
export interface DefinicionServicio<P extends PartesServicio> {
  /** The service ('pagos'): names the migration connection (`<nombre>-migrar`) and start errors. */
  nombre: string;
  /** Its log lines: migrations applied, ready, stopped. */
  mensajes: { migraciones: string; listo: string; detenido: string };
  /** Builds the parts once tracing is on (before anything that handles calls or events). */
  crearPartes(): P;
}

/** A started service. */
export interface ServicioEnMarcha<P extends PartesServicio> {
  puertoGrpc: number;
  puertoAppCallback: number;
  puertoMetricas: number;
  partes: P;
  /** How long detener() may take by its deadlines: the servers' plus the relay's last flush, ms. */
  plazoDetencionMs: number;
  detener(): Promise<void>;
}

/** What a service's iniciarServicio hands its main and its tests: ports, deadline, stop and container. */
export interface ServicioIniciado<C> {
  puertoGrpc: number;
  puertoAppCallback: number;
  puertoMetricas: number;
  /** How long detener() may take by its deadlines, ms. */
  plazoDetencionMs: number;
  contenedor: C;
  detener(): Promise<void>;
}

/** A running skeleton seen from outside: its parts reduced to the container they were built from. */
export function servicioIniciado<P extends PartesServicio & { contenedor: unknown }>(
  s: ServicioEnMarcha<P>,
): ServicioIniciado<P['contenedor']> {
  const { puertoGrpc, puertoAppCallback, puertoMetricas, plazoDetencionMs, partes, detener } = s;
  return {
    puertoGrpc,
    puertoAppCallback,
    puertoMetricas,
    plazoDetencionMs,
    contenedor: partes.contenedor,
    detener,
  };
}

/** The relay's last flush when a service sets no deadline of its own, ms. */
export const PLAZO_RELAY_POR_DEFECTO_MS = 5_000;

/** A start step failed: `paso` names it, `cause` is its error (ErrorConfiguracion is rethrown as is). */
export class ErrorArranque extends Error {
  constructor(
    readonly servicio: string,
    readonly paso: string,
    causa: unknown,
  ) {
    super(`${servicio} no pudo iniciar en el paso "${paso}": ${(causa as Error)?.message ?? String(causa)}`, {
      cause: causa,
    });
    this.name = 'ErrorArranque';
  }
}

/** Starts the service's parts in the skeleton's order; see the file comment for both orders. */
export async function iniciarEsqueletoServicio<P extends PartesServicio>(
  config: ConfiguracionEsqueleto,
  logger: Logger,
  definicion: DefinicionServicio<P>,
): Promise<ServicioEnMarcha<P>> {
  const trazas = iniciarTrazas(opcionesTrazas(config, config.appId));
  let partes: P;
  try {
    partes = definicion.crearPartes();
  } catch (error) {
    await trazas.detener();
    throw error;
  }
  const p = partes;
  const plazoRelay = p.plazos.relay ?? PLAZO_RELAY_POR_DEFECTO_MS;
  let grpc: ServidorGrpc | undefined;
  let appCallback: ServidorAppCallback | undefined;
  let relayIniciado = false;
  let servidorMetricas: ServidorMetricas | undefined;

  // the stop order, for what has started: at shutdown everything, after a failed start what got going
  const pasosDeParada = (): Array<() => Promise<unknown>> => [
    () => Promise.all([grpc?.detener(p.plazos.servidores), appCallback?.detener(p.plazos.servidores)]),
    ...(p.antesDelRelay ?? []),
    async () => relayIniciado && (await p.relay.detener(plazoRelay)),
    async () => servidorMetricas?.cerrar(),
    () => p.liberar(),
    () => trazas.detener(), // the spans of the last calls and of the outbox flush
  ];

  let paso = 'seguridad';
  try {
    // the public port's security first: a misconfigured service stops before touching anything
    const seguridad = await prepararSeguridadGrpc(config, PERMISO_POR_METODO, logger);
    if (config.migrarAlIniciar) {
      paso = 'migraciones';
      // with the migration role, on its own connection; the pool stays on the DML-only role
      const aplicadas = await migrarConRolDeMigracion(
        config.urlBaseDatosMigracion,
        p.migraciones,
        `${definicion.nombre}-migrar`,
      );
      logger.info(definicion.mensajes.migraciones, { aplicadas });
    }
    paso = 'servidor gRPC';
    grpc = crearServidorGrpc({
      servicios: [seguridad.proteger(p.api)],
      logger,
      ...seguridad.opcionesServidor,
    });
    paso = 'AppCallback';
    appCallback = await iniciarServidorAppCallback({
      puerto: config.puertoAppCallback,
      tokenApp: config.tokenApp,
      pubsub: NOMBRES.componentePubsub,
      suscripciones: p.suscripciones,
      registro: p.appCallback?.registro ?? logger,
      alResponder: p.appCallback?.alResponder,
      limitador: new Limitador(config.maximoEntregasEnCurso),
    });
    paso = 'relay del outbox';
    relayIniciado = true; // a relay that failed halfway may already listen: its detener() cleans up
    await p.relay.iniciar();
    paso = 'tareas';
    for (const tarea of p.tareas ?? []) tarea.iniciar();
    paso = 'servidor de métricas';
    servidorMetricas = await iniciarServidorMetricas(p.metricas, config.puertoMetricas, config.hostEscucha);
    paso = 'escucha gRPC';
    const puertoGrpc = await grpc.iniciar(direccionDeEscucha(config.hostEscucha, config.puertoGrpc));
    logger.info(definicion.mensajes.listo, {
      puerto_grpc: puertoGrpc,
      puerto_app_callback: appCallback.puerto,
      puerto_metricas: servidorMetricas.puerto,
    });
    return {
      puertoGrpc,
      puertoAppCallback: appCallback.puerto,
      puertoMetricas: servidorMetricas.puerto,
      partes: p,
      plazoDetencionMs: p.plazos.servidores + plazoRelay,
      async detener() {
        for (const parar of pasosDeParada()) await parar();
        logger.info(definicion.mensajes.detenido);
      },
    };
  } catch (error) {
    for (const parar of pasosDeParada()) {
      await parar().catch((fallo: unknown) =>
        logger.warn('no se pudo detener lo iniciado tras el fallo de arranque', { paso, error: fallo }),
      );
    }
    // a configuration problem already names each variable (and main.ts exits 2 on it)
    if (error instanceof ErrorConfiguracion) throw error;
    throw new ErrorArranque(definicion.nombre, paso, error);
  }
}
