// Prometheus metrics (prom-client) on a registry per process, served on HTTP /metrics.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as prom from 'prom-client';

/** A process's metrics: its own registry plus helpers to create metrics on it. */
export class Metricas {
  /** The prom-client registry (for metrics created directly with prom-client). */
  readonly registro = new prom.Registry();

  /** `prefijo` is prepended to every name (e.g. 'alpes_'); `porDefecto` adds Node's process metrics. */
  constructor(
    private readonly prefijo = '',
    etiquetasFijas: Record<string, string> = {},
    porDefecto = true,
  ) {
    this.registro.setDefaultLabels(etiquetasFijas);
    if (porDefecto) prom.collectDefaultMetrics({ register: this.registro, prefix: prefijo });
  }

  /** A counter (monotonic), e.g. pagos_solicitados_total. */
  contador<E extends string = string>(
    nombre: string,
    ayuda: string,
    etiquetas: readonly E[] = [],
  ): prom.Counter<E> {
    return new prom.Counter({
      name: this.prefijo + nombre,
      help: ayuda,
      labelNames: etiquetas,
      registers: [this.registro],
    });
  }

  /** A histogram; `cubetas` in the metric's unit (seconds by convention). */
  histograma<E extends string = string>(
    nombre: string,
    ayuda: string,
    etiquetas: readonly E[] = [],
    cubetas: number[] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  ): prom.Histogram<E> {
    return new prom.Histogram({
      name: this.prefijo + nombre,
      help: ayuda,
      labelNames: etiquetas,
      buckets: cubetas,
      registers: [this.registro],
    });
  }

  /** A gauge; `recolectar` (optional, may be async) sets its value at each scrape. */
  medidor<E extends string = string>(
    nombre: string,
    ayuda: string,
    etiquetas: readonly E[] = [],
    recolectar?: (medidor: prom.Gauge<E>) => void | Promise<void>,
  ): prom.Gauge<E> {
    return new prom.Gauge<E>({
      name: this.prefijo + nombre,
      help: ayuda,
      labelNames: etiquetas,
      registers: [this.registro],
      collect: recolectar
        ? async function (this: prom.Gauge<E>) {
            await recolectar(this);
          }
        : undefined,
    });
  }

  /** The exposition text of every metric (what /metrics serves). */
  texto(): Promise<string> {
    return this.registro.metrics();
  }
}

/** A running /metrics HTTP server. */
export interface ServidorMetricas {
  puerto: number;
  cerrar(): Promise<void>;
}

/** Serves GET /metrics on `puerto` (0 = a free port) at `host` (default all interfaces). */
export async function iniciarServidorMetricas(
  metricas: Metricas,
  puerto: number,
  host = '0.0.0.0',
): Promise<ServidorMetricas> {
  const servidor = http.createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    metricas.texto().then(
      (cuerpo) => res.writeHead(200, { 'content-type': metricas.registro.contentType }).end(cuerpo),
      (error: unknown) => res.writeHead(500).end(String(error)),
    );
  });
  await new Promise<void>((resolve, reject) => {
    servidor.once('error', reject);
    servidor.listen(puerto, host, () => resolve());
  });
  return {
    puerto: (servidor.address() as AddressInfo).port,
    cerrar: () =>
      new Promise<void>((resolve) => {
        servidor.closeAllConnections();
        servidor.close(() => resolve());
      }),
  };
}
