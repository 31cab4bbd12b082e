// Per-connection limits of the services' Postgres sessions and the inbox's retention: the same
// environment variables in every service (the chart sets them from baseDatos.* and inbox.*).
import { entero } from '../configuracion';

export const ESQUEMA_LIMITES_POSTGRES = {
  tiempoMaximoSentenciaMs: entero('TIEMPO_MAXIMO_SENTENCIA_MS', {
    min: 100,
    max: 3_600_000,
    porDefecto: 30_000,
  }),
  tiempoMaximoInactivoEnTransaccionMs: entero('TIEMPO_MAXIMO_INACTIVO_EN_TRANSACCION_MS', {
    min: 100,
    max: 3_600_000,
    porDefecto: 60_000,
  }),
  // 7 days: far beyond Dapr's retries and Pulsar's redeliveries of an event already applied
  retencionInboxHoras: entero('RETENCION_INBOX_HORAS', { min: 1, max: 24 * 365, porDefecto: 168 }),
  intervaloPurgaInboxMinutos: entero('INTERVALO_PURGA_INBOX_MINUTOS', {
    min: 1,
    max: 24 * 60,
    porDefecto: 60,
  }),
};
