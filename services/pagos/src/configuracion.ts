import { NOMBRES } from '@alpes/contratos';
import {
  entero,
  enumerado,
  ESQUEMA_BASE_DATOS,
  ESQUEMA_LIMITES_POSTGRES,
  esquemaLoteSuscripcion,
  ESQUEMA_SEGURIDAD_GRPC,
  ESQUEMA_TRAZAS,
  esquemaBaseDatos,
  hostEscucha,
  leerConfiguracion,
  NIVELES_LOG,
  puerto,
  renombrada,
  texto,
  TOKENS_DAPR,
  type Variable,
} from '@alpes/seedwork';
import { exponenteDe, MAXIMO_UNIDADES_MENORES } from '@alpes/seedwork/dominio';

/**
 * Largest amount per payment by currency, in minor units: `COP=100000000000,USD=100000000`. A currency
 * not listed has no limit of its own (int64 still bounds it).
 */
function montosPorMoneda(nombre: string, porDefecto: string): Variable<ReadonlyMap<string, bigint>> {
  const analizar = (t: string): ReadonlyMap<string, bigint> | undefined => {
    const mapa = new Map<string, bigint>();
    const pares = t.split(',').map((p) => p.trim());
    for (const par of pares.filter(Boolean)) {
      const m = /^([A-Z]{3})=(\d{1,19})$/.exec(par);
      if (!m || exponenteDe(m[1]!) === undefined) return undefined;
      const maximo = BigInt(m[2]!);
      if (maximo <= 0n || maximo > MAXIMO_UNIDADES_MENORES) return undefined;
      mapa.set(m[1]!, maximo);
    }
    return mapa;
  };
  return {
    nombre,
    esperado: 'pares MONEDA=unidades_menores separados por comas, p. ej. COP=100000000000,USD=100000000',
    porDefecto: analizar(porDefecto),
    analizar,
  };
}

/** Environment variables of pagos (validated at start; every problem reported at once). */
export const ESQUEMA_CONFIGURACION = {
  puertoGrpc: puerto('PUERTO_GRPC', { porDefecto: 50051 }),
  // API and metrics listeners: 127.0.0.1 unless told otherwise (the chart sets 0.0.0.0)
  hostEscucha: hostEscucha(),
  // the Dapr AppCallback: loopback only, daprd's --app-port (dapr.io/app-port)
  puertoAppCallback: puerto('PUERTO_APP_CALLBACK', { porDefecto: 50061 }),
  // URL_BASE_DATOS (DML role), MIGRAR_AL_INICIAR and URL_BASE_DATOS_MIGRACION (DDL role)
  ...ESQUEMA_BASE_DATOS,
  puertoMetricas: puerto('PUERTO_METRICAS', { porDefecto: 9091 }),
  nivelLog: enumerado('NIVEL_LOG', NIVELES_LOG, { porDefecto: 'info' }),
  appId: texto('APP_ID', { porDefecto: NOMBRES.appIds.pagos }),
  // OpenTelemetry traces (OTEL_EXPORTER_OTLP_ENDPOINT, …): off unless an endpoint is set (README)
  ...ESQUEMA_TRAZAS,
  puertoDaprGrpc: puerto('DAPR_GRPC_PORT', { porDefecto: 50001 }),
  // connections per replica (the chart bounds replicas x this against Postgres' max_connections)
  // MAXIMO_CONEXIONES_BD is its former name, still read when the new one is unset
  maximoConexionesBaseDatos: renombrada(
    entero('MAXIMO_CONEXIONES_BD', { min: 2, max: 200, porDefecto: 20 }),
    'MAXIMO_CONEXIONES_BASE_DATOS',
  ),
  ...ESQUEMA_LIMITES_POSTGRES,
  // group commit of SolicitarPago: concurrent requests share one statement and one commit (README)
  ventanaAgrupacionMs: entero('VENTANA_AGRUPACION_MS', { min: 0, max: 1_000, porDefecto: 2 }),
  maximoPagosPorLote: entero('MAXIMO_PAGOS_POR_LOTE', { min: 1, max: 1_000, porDefecto: 200 }),
  maximoLotesEnCurso: entero('MAXIMO_LOTES_EN_CURSO', { min: 1, max: 100, porDefecto: 4 }),
  maximoPagosEnEspera: entero('MAXIMO_PAGOS_EN_ESPERA', { min: 1, max: 1_000_000, porDefecto: 5_000 }),
  // group commit of liquidacion's results: concurrent deliveries share one transaction (README); 1 ms
  // measured as good as 2 or 5 under load and the cheapest idle; 2 groups of 50: MAXIMO_ENTREGAS_EN_CURSO
  ventanaAgrupacionResultadosMs: entero('VENTANA_AGRUPACION_RESULTADOS_MS', {
    min: 0,
    max: 1_000,
    porDefecto: 1,
  }),
  maximoResultadosPorLote: entero('MAXIMO_RESULTADOS_POR_LOTE', { min: 1, max: 1_000, porDefecto: 50 }),
  maximoLotesResultadosEnCurso: entero('MAXIMO_LOTES_RESULTADOS_EN_CURSO', {
    min: 1,
    max: 100,
    porDefecto: 2,
  }),
  maximoResultadosEnEspera: entero('MAXIMO_RESULTADOS_EN_ESPERA', {
    min: 1,
    max: 1_000_000,
    porDefecto: 1_000,
  }),
  // events handled at once; daprd keeps more in flight (components/pubsub.yaml maxConcurrentHandlers)
  maximoEntregasEnCurso: entero('MAXIMO_ENTREGAS_EN_CURSO', { min: 1, max: 10_000, porDefecto: 100 }),
  // liquidacion's results in batches (Dapr bulk subscribe): MAXIMO_EVENTOS_POR_LOTE, ESPERA_MAXIMA_LOTE_MS.
  // Off by default: daprd 1.18 leaks a bulk subscription's Pulsar consumer when it pauses deliveries to an
  // unhealthy app, and the events Pulsar hands that consumer are never delivered (services/pagos/README.md)
  ...esquemaLoteSuscripcion(0),
  plazoApagadoMs: entero('PLAZO_APAGADO_MS', { min: 0, max: 120_000, porDefecto: 10_000 }),
  // 1,000,000,000.00 COP and 1,000,000.00 USD/EUR per payment unless configured otherwise
  montoMaximoPorMoneda: montosPorMoneda(
    'MONTO_MAXIMO_POR_MONEDA',
    'COP=100000000000,USD=100000000,EUR=100000000',
  ),
  // below the PSP's idempotency-key retention minus the longest a PagoSolicitado can wait (README)
  plazoReintentoHoras: entero('PLAZO_REINTENTO_HORAS', { min: 1, max: 24 * 365, porDefecto: 23 }),
  ...TOKENS_DAPR,
  // the public port: bearer tokens (JWKS, issuer, audience), TLS, reflection
  ...ESQUEMA_SEGURIDAD_GRPC,
};

/** The typed configuration of pagos. */
export type ConfiguracionPagos = ReturnType<typeof leerConfiguracionPagos>;

/** Reads ESQUEMA_CONFIGURACION from `entorno` (process.env by default). */
export function leerConfiguracionPagos(entorno: Record<string, string | undefined> = process.env) {
  return leerConfiguracion({ ...ESQUEMA_CONFIGURACION, ...esquemaBaseDatos(entorno) }, entorno);
}
