// liquidacion's environment, validated at start (every problem reported at once, saying what to fix).
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
  texto,
  TOKENS_DAPR,
  type Configuracion,
  type NivelLog,
  url,
} from '@alpes/seedwork';

export const ESQUEMA_CONFIGURACION = {
  puertoGrpc: puerto('PUERTO_GRPC', { porDefecto: 50052 }),
  // API and metrics listeners: 127.0.0.1 unless told otherwise (the chart sets 0.0.0.0)
  hostEscucha: hostEscucha(),
  // the Dapr AppCallback: loopback only, daprd's --app-port (dapr.io/app-port)
  puertoAppCallback: puerto('PUERTO_APP_CALLBACK', { porDefecto: 50062 }),
  // URL_BASE_DATOS (DML role), MIGRAR_AL_INICIAR and URL_BASE_DATOS_MIGRACION (DDL role): no defaults
  ...ESQUEMA_BASE_DATOS,
  // connections per replica (the chart bounds replicas x this against Postgres' max_connections)
  maximoConexionesBaseDatos: entero('MAXIMO_CONEXIONES_BASE_DATOS', { min: 2, max: 200, porDefecto: 10 }),
  ...ESQUEMA_LIMITES_POSTGRES,
  // events handled at once; daprd keeps more in flight (components/pubsub.yaml maxConcurrentHandlers)
  maximoEntregasEnCurso: entero('MAXIMO_ENTREGAS_EN_CURSO', { min: 1, max: 10_000, porDefecto: 100 }),
  // the statements of concurrent deliveries grouped, one per group (step 1's read and insert, the saves):
  // a group closes after the window or when full; VENTANA_AGRUPACION_MS=0 turns it off (README)
  ventanaAgrupacionMs: entero('VENTANA_AGRUPACION_MS', { min: 0, max: 1_000, porDefecto: 1 }),
  maximoLiquidacionesPorLote: entero('MAXIMO_LIQUIDACIONES_POR_LOTE', { min: 1, max: 1_000, porDefecto: 50 }),
  maximoLotesEnCurso: entero('MAXIMO_LOTES_EN_CURSO', { min: 1, max: 100, porDefecto: 2 }),
  maximoLiquidacionesEnEspera: entero('MAXIMO_LIQUIDACIONES_EN_ESPERA', {
    min: 1,
    max: 1_000_000,
    porDefecto: 1_000,
  }),
  // PagoSolicitado in batches (Dapr bulk subscribe): off by default, since daprd 1.18 retries a batch's
  // RETRY entries inside the subscription's one flush loop and the topic waits meanwhile (README)
  ...esquemaLoteSuscripcion(0),
  urlPasarela: url('URL_PASARELA', { porDefecto: 'http://127.0.0.1:4010' }),
  tiempoMaximoPasarelaMs: entero('TIEMPO_MAXIMO_PASARELA_MS', { min: 1, max: 120_000, porDefecto: 5000 }),
  // API key of the PSP (Authorization: Bearer), from a Secret in the cluster; empty sends none (local PSP).
  credencialPasarela: texto('CREDENCIAL_PASARELA', { porDefecto: '' }),
  maximoBytesRespuestaPasarela: entero('MAXIMO_BYTES_RESPUESTA_PASARELA', {
    min: 1024,
    max: 16 * 1024 * 1024,
    porDefecto: 64 * 1024,
  }),
  puertoMetricas: puerto('PUERTO_METRICAS', { porDefecto: 9092 }),
  nivelLog: enumerado<NivelLog>('NIVEL_LOG', NIVELES_LOG, { porDefecto: 'info' }),
  puertoDaprGrpc: puerto('DAPR_GRPC_PORT', { porDefecto: 50002 }),
  appId: texto('APP_ID', { porDefecto: NOMBRES.appIds.liquidacion }),
  // OpenTelemetry traces (OTEL_EXPORTER_OTLP_ENDPOINT, …): off unless an endpoint is set (README)
  ...ESQUEMA_TRAZAS,
  ...TOKENS_DAPR,
  // the public port: bearer tokens (JWKS, issuer, audience), TLS, reflection
  ...ESQUEMA_SEGURIDAD_GRPC,
};

export type ConfiguracionLiquidacion = Configuracion<typeof ESQUEMA_CONFIGURACION>;

export function leerConfiguracionLiquidacion(
  entorno: Record<string, string | undefined> = process.env,
): ConfiguracionLiquidacion {
  return leerConfiguracion({ ...ESQUEMA_CONFIGURACION, ...esquemaBaseDatos(entorno) }, entorno);
}
