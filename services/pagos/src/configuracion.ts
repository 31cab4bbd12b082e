import { NOMBRES } from '@alpes/contratos';
import {
  NIVELES_LOG,
  booleano,
  entero,
  enumerado,
  leerConfiguracion,
  puerto,
  texto,
  url,
} from '@alpes/seedwork';

/** Environment variables of pagos (validated at start; every problem reported at once). */
export const ESQUEMA_CONFIGURACION = {
  puertoGrpc: puerto('PUERTO_GRPC', { porDefecto: 50051 }),
  urlBaseDatos: url('URL_BASE_DATOS', { protocolos: ['postgres:', 'postgresql:'] }),
  puertoMetricas: puerto('PUERTO_METRICAS', { porDefecto: 9091 }),
  nivelLog: enumerado('NIVEL_LOG', NIVELES_LOG, { porDefecto: 'info' }),
  appId: texto('APP_ID', { porDefecto: NOMBRES.appIds.pagos }),
  puertoGrpcDapr: puerto('DAPR_GRPC_PORT', { porDefecto: 50001 }),
  maximoConexionesBd: entero('MAXIMO_CONEXIONES_BD', { min: 2, max: 200, porDefecto: 20 }),
  migrarAlIniciar: booleano('MIGRAR_AL_INICIAR', { porDefecto: true }),
  // events handled at once; daprd keeps more in flight (components/pubsub.yaml maxConcurrentHandlers)
  maximoEntregasEnCurso: entero('MAXIMO_ENTREGAS_EN_CURSO', { min: 1, max: 10_000, porDefecto: 100 }),
  plazoApagadoMs: entero('PLAZO_APAGADO_MS', { min: 0, max: 120_000, porDefecto: 10_000 }),
};

/** The typed configuration of pagos. */
export type ConfiguracionPagos = ReturnType<typeof leerConfiguracionPagos>;

/** Reads ESQUEMA_CONFIGURACION from `entorno` (process.env by default). */
export function leerConfiguracionPagos(entorno: Record<string, string | undefined> = process.env) {
  return leerConfiguracion(ESQUEMA_CONFIGURACION, entorno);
}
