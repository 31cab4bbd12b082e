#!/usr/bin/env node
// The delivery anchor's receiving app, a process of its own like liquidacion: seedwork's AppCallback
// server (the app token checked on every delivery) subscribed to one topic, whose handler only counts
// and answers SUCCESS, one event per call or, with LOTE_ENTREGA > 0, in Dapr bulk-subscribe batches. GET http://127.0.0.1:<PUERTO_CONTADOR>/ answers what it has seen, as JSON.
import * as http from 'node:http';
import { NOMBRES } from '@alpes/contratos';
import {
  entero,
  iniciarServidorAppCallback,
  leerConfiguracion,
  texto,
  type EventoRecibido,
  type Respuesta,
} from '@alpes/seedwork';

export const ESQUEMA_APP_TRIVIAL = {
  topico: texto('TOPICO'),
  puertoAppCallback: entero('PUERTO_APP_CALLBACK', { min: 1, max: 65535 }),
  puertoContador: entero('PUERTO_CONTADOR', { min: 1, max: 65535 }),
  tokenApp: texto('APP_API_TOKEN'),
  // events per OnBulkTopicEvent at most; 0 = one OnTopicEvent per event
  loteEntrega: entero('LOTE_ENTREGA', { min: 0, max: 10_000, porDefecto: 0 }),
};

/** What GET / answers. Instants are epoch ms (Date.now()); null before the first delivery. */
export interface ConteoEntregas {
  entregas: number;
  /** Distinct CloudEvent ids (a redelivery counts once). */
  distintas: number;
  primeraMs: number | null;
  ultimaMs: number | null;
}

async function main(): Promise<void> {
  const config = leerConfiguracion(ESQUEMA_APP_TRIVIAL);
  const vistos = new Set<string>();
  const conteo: ConteoEntregas = { entregas: 0, distintas: 0, primeraMs: null, ultimaMs: null };
  const nulo = () => undefined;
  const contar = (e: EventoRecibido): Respuesta => {
    const ahora = Date.now();
    conteo.entregas++;
    vistos.add(e.id);
    conteo.distintas = vistos.size;
    conteo.primeraMs ??= ahora;
    conteo.ultimaMs = ahora;
    return 'SUCCESS';
  };
  const servidor = await iniciarServidorAppCallback({
    puerto: config.puertoAppCallback,
    tokenApp: config.tokenApp,
    pubsub: NOMBRES.componentePubsub,
    registro: {
      info: nulo,
      warn: nulo,
      error: (m, c) => process.stderr.write(`${m} ${JSON.stringify(c)}\n`),
    },
    suscripciones: [
      {
        topico: config.topico,
        manejar: async (e) => contar(e),
        ...(config.loteEntrega > 0
          ? {
              lote: { maximoEventos: config.loteEntrega, esperaMaximaMs: 0 },
              manejarLote: async (eventos: EventoRecibido[]) => eventos.map(contar),
            }
          : {}),
      },
    ],
  });
  const contador = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(conteo));
  });
  await new Promise<void>((resolve) => contador.listen(config.puertoContador, '127.0.0.1', resolve));
  const detener = () => {
    contador.close();
    void servidor.detener(1000).finally(() => process.exit(0));
  };
  process.once('SIGTERM', detener);
  process.once('SIGINT', detener);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`bench-app-trivial: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
