// Composition root (awilix): the one place that knows every concrete class. Use cases are functions of
// their dependencies (`({ repositorio, ... }) => handler`), resolved by name from the cradle.
import {
  GeneradorUuid,
  InboxKnex,
  loteDeConfiguracion,
  Metricas,
  PurgaInbox,
  RelayOutbox,
  RelojSistema,
  UnidadDeTrabajoKnex,
  type Logger,
  type Publicador,
} from '@alpes/seedwork';
import {
  knexDelServicio,
  publicadorDelServicio,
  purgaInboxDelServicio,
  relayDelServicio,
} from '@alpes/seedwork/servicio';
import { asFunction, asValue, createContainer, InjectionMode, type AwilixContainer } from 'awilix';
import type { Knex } from 'knex';
import { reintentarPago } from './aplicacion/comandos/reintentar-pago';
import { registrarResultadoLiquidacion } from './aplicacion/comandos/registrar-resultado-liquidacion';
import { registrarResultadosLiquidacion } from './aplicacion/comandos/registrar-resultados-liquidacion';
import { solicitarPago } from './aplicacion/comandos/solicitar-pago';
import type { LimitesPagos } from './aplicacion/limites';
import { listarPagos } from './aplicacion/consultas/listar-pagos';
import { obtenerPago } from './aplicacion/consultas/obtener-pago';
import { crearApiPagos } from './api/pagos-grpc';
import type { ConfiguracionPagos } from './configuracion';
import { ConsultasPagosKnex } from './infraestructura/consultas-pagos-knex';
import {
  contarReintentos,
  contarSolicitudes,
  registrarMetricasPagos,
  type MetricasPagos,
} from './infraestructura/metricas-pagos';
import { RepositorioPagosKnex } from './infraestructura/repositorio-pagos-knex';
import { ResultadosAgrupados } from './infraestructura/resultados-agrupados';
import { crearSuscripciones } from './infraestructura/suscripciones';

/** What the container resolves (names are the dependency names the factories destructure). */
export interface Cradle {
  config: ConfiguracionPagos;
  logger: Logger;
  metricas: Metricas;
  metricasPagos: MetricasPagos;
  knex: Knex;
  unidadDeTrabajo: UnidadDeTrabajoKnex;
  reloj: RelojSistema;
  generadorIds: GeneradorUuid;
  repositorio: RepositorioPagosKnex;
  consultas: ConsultasPagosKnex;
  inbox: InboxKnex;
  publicador: Publicador;
  relay: RelayOutbox;
  purgaInbox: PurgaInbox;
  solicitarPago: ReturnType<typeof solicitarPago>;
  reintentarPago: ReturnType<typeof reintentarPago>;
  limites: LimitesPagos;
  registrarResultadoLiquidacion: ReturnType<typeof registrarResultadoLiquidacion>;
  registrarResultadosLiquidacion: ReturnType<typeof registrarResultadosLiquidacion>;
  resultadosAgrupados: ResultadosAgrupados;
  obtenerPago: ReturnType<typeof obtenerPago>;
  listarPagos: ReturnType<typeof listarPagos>;
  api: ReturnType<typeof crearApiPagos>;
  suscripciones: ReturnType<typeof crearSuscripciones>;
}

/** Builds the container; tests replace registrations (e.g. `publicador`) with `contenedor.register`. */
export function crearContenedor(config: ConfiguracionPagos, logger: Logger): AwilixContainer<Cradle> {
  const c = createContainer<Cradle>({ injectionMode: InjectionMode.PROXY, strict: true });
  c.register({
    config: asValue(config),
    logger: asValue(logger),
    metricas: asFunction(() => new Metricas('', { servicio: 'pagos' })).singleton(),
    metricasPagos: asFunction(({ metricas, knex, logger }: Cradle) =>
      registrarMetricasPagos(metricas, knex, logger),
    ).singleton(),
    knex: asFunction(({ config }: Cradle) => knexDelServicio(config, config.appId))
      .singleton()
      .disposer((knex) => knex.destroy()),
    unidadDeTrabajo: asFunction(({ knex }: Cradle) => new UnidadDeTrabajoKnex(knex)).singleton(),
    reloj: asFunction(() => new RelojSistema()).singleton(),
    generadorIds: asFunction(() => new GeneradorUuid()).singleton(),
    repositorio: asFunction(({ knex, config, metricasPagos }: Cradle) => {
      if (config.maximoPagosEnEspera < config.maximoPagosPorLote) {
        throw new Error(
          `MAXIMO_PAGOS_EN_ESPERA (${config.maximoPagosEnEspera}) debe ser >= MAXIMO_PAGOS_POR_LOTE (${config.maximoPagosPorLote})`,
        );
      }
      // VENTANA_AGRUPACION_MS=0: one statement per SolicitarPago, no grouping
      return new RepositorioPagosKnex(knex, {
        ventanaMs: config.ventanaAgrupacionMs,
        maximoPorLote: config.maximoPagosPorLote,
        maximoLotesEnCurso: config.maximoLotesEnCurso,
        maximoEnEspera: config.maximoPagosEnEspera,
        observador: metricasPagos.agrupacion,
      });
    })
      .singleton()
      .disposer((repositorio) => repositorio.cerrar()),
    consultas: asFunction(({ knex }: Cradle) => new ConsultasPagosKnex(knex)).singleton(),
    inbox: asFunction(() => new InboxKnex()).singleton(),
    publicador: asFunction(({ config }: Cradle) => publicadorDelServicio(config, config.puertoDaprGrpc))
      .singleton()
      .disposer((publicador) => publicador.cerrar()), // its gRPC channel to the sidecar
    purgaInbox: asFunction(purgaInboxDelServicio)
      .singleton()
      .disposer((purga) => purga.detener()),
    relay: asFunction(relayDelServicio).singleton(),
    limites: asFunction(({ config }: Cradle): LimitesPagos => ({
      montoMaximo: config.montoMaximoPorMoneda,
      plazoReintentoMs: config.plazoReintentoHoras * 3_600_000,
    })).singleton(),
    solicitarPago: asFunction((c: Cradle) =>
      contarSolicitudes(solicitarPago(c), c.metricasPagos),
    ).singleton(),
    reintentarPago: asFunction((c: Cradle) =>
      contarReintentos(reintentarPago(c), c.metricasPagos),
    ).singleton(),
    registrarResultadoLiquidacion: asFunction(registrarResultadoLiquidacion).singleton(),
    registrarResultadosLiquidacion: asFunction(registrarResultadosLiquidacion).singleton(),
    // VENTANA_AGRUPACION_RESULTADOS_MS=0: one transaction per result, no grouping
    resultadosAgrupados: asFunction((c: Cradle) => {
      if (c.config.maximoResultadosEnEspera < c.config.maximoResultadosPorLote) {
        throw new Error(
          `MAXIMO_RESULTADOS_EN_ESPERA (${c.config.maximoResultadosEnEspera}) debe ser >= MAXIMO_RESULTADOS_POR_LOTE (${c.config.maximoResultadosPorLote})`,
        );
      }
      return new ResultadosAgrupados(c.registrarResultadoLiquidacion, c.registrarResultadosLiquidacion, {
        ventanaMs: c.config.ventanaAgrupacionResultadosMs,
        maximoPorLote: c.config.maximoResultadosPorLote,
        maximoLotesEnCurso: c.config.maximoLotesResultadosEnCurso,
        maximoEnEspera: c.config.maximoResultadosEnEspera,
        observador: c.metricasPagos.agrupacionResultados,
      });
    })
      .singleton()
      .disposer((resultados) => resultados.cerrar()),
    obtenerPago: asFunction(obtenerPago).singleton(),
    listarPagos: asFunction(listarPagos).singleton(),
    api: asFunction(crearApiPagos).singleton(),
    suscripciones: asFunction(({ resultadosAgrupados, logger, metricasPagos }: Cradle) =>
      crearSuscripciones({
        registrarResultadoLiquidacion: resultadosAgrupados.registrar,
        logger,
        alProcesar: metricasPagos.alProcesar,
        lote: loteDeConfiguracion(config),
      }),
    ).singleton(),
  });
  return c;
}
