// The standard OpenTelemetry variables a service reads to trace (README: Tracing). Only the endpoint
// turns tracing on: without OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT no span is
// made. The SDK reads the rest itself (OTEL_EXPORTER_OTLP_HEADERS, OTEL_TRACES_SAMPLER, OTEL_BSP_*, …).
import { booleano, texto, url } from '../configuracion';
import type { OpcionesTrazas } from './proveedor';

/** The variables, all optional; the names are OpenTelemetry's, so operators' tooling sets them as is. */
export const ESQUEMA_TRAZAS = {
  // base URL of an OTLP/HTTP collector: traces go to <it>/v1/traces
  endpointOtlp: url('OTEL_EXPORTER_OTLP_ENDPOINT', { porDefecto: '' }),
  // the full traces URL, taken as is (wins over the base URL)
  endpointOtlpTrazas: url('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', { porDefecto: '' }),
  // service.name of the spans; the app id when unset
  nombreServicioOtel: texto('OTEL_SERVICE_NAME', { porDefecto: '' }),
  // true: no tracing whatever the endpoint says
  otelDesactivado: booleano('OTEL_SDK_DISABLED', { porDefecto: false }),
};

/** What ESQUEMA_TRAZAS yields. */
export interface ConfiguracionTrazas {
  endpointOtlp: string;
  endpointOtlpTrazas: string;
  nombreServicioOtel: string;
  otelDesactivado: boolean;
}

/** iniciarTrazas' options from the configuration: no url when no endpoint is set or the SDK is disabled. */
export function opcionesTrazas(config: ConfiguracionTrazas, servicioPorDefecto: string): OpcionesTrazas {
  const servicio = config.nombreServicioOtel || servicioPorDefecto;
  if (config.otelDesactivado) return { servicio };
  if (config.endpointOtlpTrazas) return { servicio, url: config.endpointOtlpTrazas };
  if (!config.endpointOtlp) return { servicio };
  // the OTLP spec: the signal's path is appended to the base URL, with exactly one slash between
  return { servicio, url: `${config.endpointOtlp.replace(/\/+$/, '')}/v1/traces` };
}
