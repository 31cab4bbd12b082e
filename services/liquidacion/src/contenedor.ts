// Composition root: the one place that knows every concrete class. awilix PROXY mode: each factory
// receives the cradle and takes what it needs by name.
import { asFunction, asValue, createContainer, InjectionMode, type AwilixContainer } from 'awilix';
import type { Knex } from 'knex';
import {
  GeneradorUuid,
  InboxKnex,
  loteDeConfiguracion,
  PurgaInbox,
  RelayOutbox,
  RelojSistema,
  UnidadDeTrabajoKnex,
  type GeneradorIds,
  type Logger,
  type Metricas,
  type Publicador,
  type Reloj,
  type ServicioGrpc,
  type Suscripcion,
  type UnidadDeTrabajo,
} from '@alpes/seedwork';
import {
  knexDelServicio,
  publicadorDelServicio,
  purgaInboxDelServicio,
  relayDelServicio,
} from '@alpes/seedwork/servicio';
import type { ConfiguracionLiquidacion } from './configuracion';
import type { AlertasLiquidacion, ConsultasLiquidaciones, Inbox, PasarelaPagos } from './aplicacion/puertos';
import { liquidarPago, type LiquidarPago } from './aplicacion/comandos/liquidar-pago';
import { fallarLiquidacion, type FallarLiquidacion } from './aplicacion/comandos/fallar-liquidacion';
import { obtenerLiquidacion } from './aplicacion/consultas/obtener-liquidacion';
import { listarLiquidaciones } from './aplicacion/consultas/listar-liquidaciones';
import { RepositorioLiquidacionesKnex } from './infraestructura/repositorio-liquidaciones-knex';
import { LiquidacionesSinTransaccionKnex } from './infraestructura/liquidaciones-sin-transaccion-knex';
import { ConsultasLiquidacionesKnex } from './infraestructura/consultas-liquidaciones-knex';
import { PasarelaHttp } from './infraestructura/pasarela-http';
import {
  AlertasConMetricas,
  observadorAgrupacion,
  PasarelaConMetricas,
} from './infraestructura/metricas-liquidacion';
import { crearSuscripciones } from './infraestructura/suscripciones';
import { crearApiLiquidacion } from './api/liquidacion-grpc';

export interface Cradle {
  config: ConfiguracionLiquidacion;
  logger: Logger;
  metricas: Metricas;
  knex: Knex;
  unidadDeTrabajo: UnidadDeTrabajo;
  sinTransaccion: LiquidacionesSinTransaccionKnex;
  reloj: Reloj;
  generadorIds: GeneradorIds;
  repositorioLiquidaciones: RepositorioLiquidacionesKnex;
  inbox: Inbox;
  consultasLiquidaciones: ConsultasLiquidaciones;
  pasarelaPagos: PasarelaPagos;
  alertas: AlertasLiquidacion;
  liquidarPago: LiquidarPago;
  fallarLiquidacion: FallarLiquidacion;
  obtenerLiquidacion: ReturnType<typeof obtenerLiquidacion>;
  listarLiquidaciones: ReturnType<typeof listarLiquidaciones>;
  suscripciones: Suscripcion[];
  api: ServicioGrpc;
  publicador: Publicador;
  relay: RelayOutbox;
  purgaInbox: PurgaInbox;
}

export function crearContenedor(
  config: ConfiguracionLiquidacion,
  logger: Logger,
  metricas: Metricas,
): AwilixContainer<Cradle> {
  const contenedor = createContainer<Cradle>({ injectionMode: InjectionMode.PROXY, strict: true });
  contenedor.register({
    config: asValue(config),
    logger: asValue(logger),
    metricas: asValue(metricas),
    knex: asFunction(() => knexDelServicio(config, config.appId))
      .singleton()
      .disposer((knex) => knex.destroy()),
    unidadDeTrabajo: asFunction(({ knex }: Cradle) => new UnidadDeTrabajoKnex(knex)).singleton(),
    reloj: asFunction(() => new RelojSistema()).singleton(),
    generadorIds: asFunction(() => new GeneradorUuid()).singleton(),
    repositorioLiquidaciones: asFunction(
      ({ generadorIds }: Cradle) => new RepositorioLiquidacionesKnex(generadorIds),
    ).singleton(),
    sinTransaccion: asFunction(({ knex, repositorioLiquidaciones }: Cradle) => {
      if (config.maximoLiquidacionesEnEspera < config.maximoLiquidacionesPorLote) {
        throw new Error(
          `MAXIMO_LIQUIDACIONES_EN_ESPERA (${config.maximoLiquidacionesEnEspera}) debe ser >= MAXIMO_LIQUIDACIONES_POR_LOTE (${config.maximoLiquidacionesPorLote})`,
        );
      }
      // VENTANA_AGRUPACION_MS=0: one statement per delivery and step, no grouping
      return new LiquidacionesSinTransaccionKnex(knex, repositorioLiquidaciones, {
        ventanaMs: config.ventanaAgrupacionMs,
        maximoPorLote: config.maximoLiquidacionesPorLote,
        maximoLotesEnCurso: config.maximoLotesEnCurso,
        maximoEnEspera: config.maximoLiquidacionesEnEspera,
        observador: observadorAgrupacion(metricas),
      });
    })
      .singleton()
      .disposer((sinTransaccion) => sinTransaccion.cerrar()),
    inbox: asFunction(() => new InboxKnex()).singleton(),
    consultasLiquidaciones: asFunction(
      ({ knex }: Cradle) => new ConsultasLiquidacionesKnex(knex),
    ).singleton(),
    pasarelaPagos: asFunction(
      () =>
        new PasarelaConMetricas(
          new PasarelaHttp({
            urlBase: config.urlPasarela,
            tiempoMaximoMs: config.tiempoMaximoPasarelaMs,
            credencial: config.credencialPasarela,
            maximoBytesRespuesta: config.maximoBytesRespuestaPasarela,
          }),
          metricas,
        ),
    ).singleton(),
    alertas: asFunction(() => new AlertasConMetricas(metricas)).singleton(),
    liquidarPago: asFunction(liquidarPago).singleton(),
    fallarLiquidacion: asFunction(fallarLiquidacion).singleton(),
    obtenerLiquidacion: asFunction(obtenerLiquidacion).singleton(),
    listarLiquidaciones: asFunction(listarLiquidaciones).singleton(),
    suscripciones: asFunction(({ liquidarPago, fallarLiquidacion, logger }: Cradle) =>
      crearSuscripciones({ liquidarPago, fallarLiquidacion, logger, lote: loteDeConfiguracion(config) }),
    ).singleton(),
    api: asFunction(crearApiLiquidacion).singleton(),
    publicador: asFunction(() => publicadorDelServicio(config, config.puertoDaprGrpc))
      .singleton()
      .disposer((publicador) => publicador.cerrar()), // its gRPC channel to the sidecar
    purgaInbox: asFunction(purgaInboxDelServicio)
      .singleton()
      .disposer((purga) => purga.detener()),
    relay: asFunction(relayDelServicio).singleton(),
  });
  return contenedor;
}
