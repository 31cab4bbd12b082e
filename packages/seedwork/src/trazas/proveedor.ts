// The process's tracer: OpenTelemetry spans exported in batches over OTLP/HTTP (JSON), only when an
// endpoint is configured. Without one nothing is built (no provider, exporter or context manager) and
// the span helpers run their work directly: a request pays one check for tracing that goes nowhere.
import { context, type Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { detectResources, envDetector, resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';

/** Options of iniciarTrazas (opcionesTrazas builds them from the environment). */
export interface OpcionesTrazas {
  /** OTLP/HTTP traces URL (…/v1/traces); without it tracing is off. */
  url?: string;
  /** service.name of the spans. */
  servicio: string;
}

/** Tracing of the process, as iniciarTrazas left it. */
export interface Trazas {
  readonly activas: boolean;
  /** Exports the spans buffered now (the batch processor otherwise sends every few seconds). */
  forzarEnvio(): Promise<void>;
  /** Stops making spans and exports those buffered, waiting at most `plazoMs` (service shutdown). */
  detener(plazoMs?: number): Promise<void>;
}

const INACTIVAS: Trazas = {
  activas: false,
  forzarEnvio: () => Promise.resolve(),
  detener: () => Promise.resolve(),
};

let tracerActivo: Tracer | undefined;
let contextoRegistrado = false;

/** The tracer while tracing is on; undefined when off (the helpers then make no span). */
export function tracerDelProceso(): Tracer | undefined {
  return tracerActivo;
}

/** Starts tracing when `opciones.url` is set (once per process until detener()); else does nothing. */
export function iniciarTrazas(opciones: OpcionesTrazas): Trazas {
  if (!opciones.url) return INACTIVAS;
  if (tracerActivo) throw new Error('las trazas ya están iniciadas en este proceso');
  if (!contextoRegistrado) {
    // a span is the parent of those started by what its work awaits
    contextoRegistrado = context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  }
  const recurso = detectResources({ detectors: [envDetector] }).merge(
    resourceFromAttributes({ [ATTR_SERVICE_NAME]: opciones.servicio }),
  );
  const proveedor = new BasicTracerProvider({
    resource: recurso,
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: opciones.url }))],
  });
  const tracer = proveedor.getTracer('@alpes/seedwork');
  tracerActivo = tracer;
  return {
    activas: true,
    forzarEnvio: () => proveedor.forceFlush(),
    async detener(plazoMs = 2000) {
      if (tracerActivo === tracer) tracerActivo = undefined;
      // a reachable collector takes milliseconds; an unreachable one (the exporter retries for ~10 s)
      // must not eat the shutdown's deadline, which the services' earlier steps already use
      let plazo: NodeJS.Timeout | undefined;
      await Promise.race([
        proveedor.shutdown().catch(() => undefined),
        new Promise<void>((resolve) => (plazo = setTimeout(resolve, plazoMs))),
      ]);
      clearTimeout(plazo);
    },
  };
}
