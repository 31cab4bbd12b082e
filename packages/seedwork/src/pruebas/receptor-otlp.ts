// A stand-in OTLP/HTTP collector for tests: a plain node:http server taking POST /v1/traces in OTLP JSON
// (what @opentelemetry/exporter-trace-otlp-http sends) and keeping each span with its service.name.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One exported span as OTLP JSON carries it (ids in hex), with its resource's service.name. */
export interface SpanRecibido {
  servicio: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  /** OTLP SpanKind: 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  atributos: Record<string, unknown>;
  links: Array<{ traceId: string; spanId: string }>;
  status?: { code?: number; message?: string };
}

/** The receiver started by iniciarReceptorOtlp. */
export interface ReceptorOtlp {
  /** The traces URL to give the exporter (http://127.0.0.1:<port>/v1/traces). */
  url: string;
  /** Every span received so far. */
  spans: SpanRecibido[];
  /** Export requests received (any path). */
  peticiones: number;
  cerrar(): Promise<void>;
}

interface ValorOtlp {
  stringValue?: string;
  intValue?: string | number;
  boolValue?: boolean;
  doubleValue?: number;
}
interface AtributoOtlp {
  key: string;
  value: ValorOtlp;
}
interface CuerpoOtlp {
  resourceSpans?: Array<{
    resource?: { attributes?: AtributoOtlp[] };
    scopeSpans?: Array<{
      spans?: Array<
        Omit<SpanRecibido, 'servicio' | 'atributos' | 'links'> & {
          attributes?: AtributoOtlp[];
          links?: Array<{ traceId: string; spanId: string }>;
        }
      >;
    }>;
  }>;
}

/** Starts the receiver on 127.0.0.1, any free port. */
export async function iniciarReceptorOtlp(): Promise<ReceptorOtlp> {
  const receptor = { spans: [] as SpanRecibido[], peticiones: 0 };
  const servidor = http.createServer((peticion, respuesta) => {
    const partes: Buffer[] = [];
    peticion.on('data', (p: Buffer) => partes.push(p));
    peticion.on('end', () => {
      receptor.peticiones++;
      if (peticion.method !== 'POST' || peticion.url !== '/v1/traces') {
        respuesta.writeHead(404).end();
        return;
      }
      try {
        receptor.spans.push(...spansDe(JSON.parse(Buffer.concat(partes).toString('utf8')) as CuerpoOtlp));
      } catch {
        respuesta.writeHead(400).end(); // not OTLP JSON (e.g. protobuf): the test sees no spans
        return;
      }
      respuesta.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => servidor.listen(0, '127.0.0.1', resolve));
  const { port } = servidor.address() as AddressInfo;
  return Object.assign(receptor, {
    url: `http://127.0.0.1:${port}/v1/traces`,
    cerrar: () =>
      new Promise<void>((resolve) => {
        servidor.closeAllConnections();
        servidor.close(() => resolve());
      }),
  });
}

function spansDe(cuerpo: CuerpoOtlp): SpanRecibido[] {
  return (cuerpo.resourceSpans ?? []).flatMap((r) => {
    const servicio = String(atributos(r.resource?.attributes)['service.name'] ?? '');
    return (r.scopeSpans ?? []).flatMap((s) =>
      (s.spans ?? []).map(({ attributes, links, ...span }) => ({
        ...span,
        servicio,
        atributos: atributos(attributes),
        links: (links ?? []).map(({ traceId, spanId }) => ({ traceId, spanId })),
      })),
    );
  });
}

function atributos(lista: AtributoOtlp[] = []): Record<string, unknown> {
  const valor = (v: ValorOtlp) =>
    v.stringValue ??
    (v.intValue !== undefined ? Number(v.intValue) : undefined) ??
    v.boolValue ??
    v.doubleValue;
  return Object.fromEntries(lista.map((a) => [a.key, valor(a.value)]));
}
