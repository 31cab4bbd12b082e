// Anchor for delivery: the bench publishes through a daprd sidecar of its own (BulkPublishEvent, seedwork's
// PublicadorDapr, as pagos' relay does) to a topic of the same Pulsar, which a trivial app (app-trivial.ts,
// seedwork's AppCallback server counting deliveries) receives through its own daprd — the hop
// pagos -> daprd -> Pulsar -> daprd -> liquidacion with nothing at either end. Deliveries/s = distinct
// events received / (last delivery − first publish). Sidecars and app are supervised processes.
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import { NOMBRES } from '@alpes/contratos';
import { daprd, httpResponde, puertoLibre, type EntornoDePrueba } from '@alpes/entorno';
import { iniciarServidorAppCallback, PublicadorDapr, type MensajeSaliente } from '@alpes/seedwork';
import { ejecutarCarga } from '../../carga/generador';
import { diferencia, type CpuPorComponente } from '../cpu';
import type { Contexto } from '../medicion';
import type { ConteoEntregas } from './app-trivial';
import { conProgresoPorSegundo } from './progreso';

export const APP_EMISORA = 'bench-emisor';
export const APP_RECEPTORA = 'bench-receptor';
const PROCESO_APP = 'bench-app-trivial';

export interface ResultadoEntregaDapr {
  topico: string;
  /** Events per BulkPublishEvent, and calls in flight. */
  lote: number;
  publicadores: number;
  /** Events per OnBulkTopicEvent at most (Dapr bulk subscribe); 0 = one OnTopicEvent per event. */
  loteEntrega: number;
  publicados: number;
  /** Entries the sidecar did not acknowledge (not counted as published). */
  noPublicados: number;
  publicacionS: number;
  publicadosPorS: number;
  entregados: number;
  /** Deliveries beyond the distinct events (redeliveries). */
  reentregas: number;
  /** First publish to last delivery; null when not everything arrived within the deadline. */
  ventanaS: number | null;
  entregasPorS: number | null;
  nucleos: CpuPorComponente;
  cpuMsPorEntrega: CpuPorComponente;
}

async function puertosDaprd(): Promise<{ grpc: number; http: number; interno: number; metricas: number }> {
  const [grpc, http, interno, metricas] = await Promise.all([
    puertoLibre(),
    puertoLibre(),
    puertoLibre(),
    puertoLibre(),
  ]);
  return { grpc, http, interno, metricas };
}

async function leerConteo(puerto: number): Promise<ConteoEntregas> {
  const r = await fetch(`http://127.0.0.1:${puerto}/`);
  return (await r.json()) as ConteoEntregas;
}

function mensajes(topico: string, n: number): MensajeSaliente[] {
  return Array.from({ length: n }, () => {
    const idPago = randomUUID();
    return {
      id: randomUUID(),
      topico,
      tipo: 'alpespartners.bench.v1.Ancla',
      // about the size of a PagoSolicitado
      datos: {
        idPago,
        idInfluencer: 'bench-0',
        idPrograma: 'bench',
        referencia: `ancla/${idPago}`,
        monto: { moneda: 'COP', unidadesMenores: '1000' },
        idCorrelacion: randomUUID(),
        intento: 1,
        solicitadoEn: new Date().toISOString(),
      },
      idCorrelacion: randomUUID(),
    };
  });
}

export async function medirEntregaDapr(
  ctx: Contexto,
  entorno: EntornoDePrueba,
  o: { lote: number; publicadores: number; loteEntrega: number; duracionS: number; plazoS: number },
): Promise<ResultadoEntregaDapr> {
  const { supervisor, tokens } = entorno;
  const topico = `bench-ancla-${randomUUID().slice(0, 8)}`;
  ctx.progreso(`entrega Dapr: app trivial y dos daprd (${APP_EMISORA} -> ${topico} -> ${APP_RECEPTORA})…`);
  const iniciados: string[] = [];
  const [puertoApp, puertoContador] = await Promise.all([puertoLibre(), puertoLibre()]);
  const appEmisora = await iniciarServidorAppCallback({
    puerto: 0,
    tokenApp: tokens.app,
    pubsub: NOMBRES.componentePubsub,
    suscripciones: [],
    registro: { info: () => undefined, warn: () => undefined, error: () => undefined },
  });
  let publicador: PublicadorDapr | undefined;
  try {
    await supervisor.iniciar({
      nombre: PROCESO_APP,
      comando: process.execPath,
      args: [path.join(__dirname, 'app-trivial.js')],
      env: {
        TOPICO: topico,
        PUERTO_APP_CALLBACK: String(puertoApp),
        PUERTO_CONTADOR: String(puertoContador),
        APP_API_TOKEN: tokens.app,
        LOTE_ENTREGA: String(o.loteEntrega),
      },
      puertos: { 'app-callback': puertoApp, contador: puertoContador },
      listo: () => httpResponde(`http://127.0.0.1:${puertoContador}/`, (e) => e === 200),
      tiempoMaximoArranqueMs: 30_000,
    });
    iniciados.push(PROCESO_APP);
    const receptor = await puertosDaprd();
    const definicionReceptor = daprd({
      appId: APP_RECEPTORA,
      appPuerto: puertoApp,
      tokens,
      ...receptor,
      recursos: entorno.recursos,
    });
    await supervisor.iniciar(definicionReceptor);
    iniciados.push(definicionReceptor.nombre);
    const emisor = await puertosDaprd();
    const definicionEmisor = daprd({
      appId: APP_EMISORA,
      appPuerto: appEmisora.puerto,
      tokens,
      ...emisor,
      recursos: entorno.recursos,
    });
    await supervisor.iniciar(definicionEmisor);
    iniciados.push(definicionEmisor.nombre);
    const pub = (publicador = new PublicadorDapr({
      direccion: `127.0.0.1:${emisor.grpc}`,
      pubsub: NOMBRES.componentePubsub,
      fuente: APP_EMISORA,
      tokenDapr: tokens.dapr,
    }));

    // The receiver's subscription starts at the latest message: publish until one arrives, then measure.
    const limiteListo = Date.now() + 90_000;
    while ((await leerConteo(puertoContador)).distintas === 0) {
      if (Date.now() > limiteListo) throw new Error(`${APP_RECEPTORA} no recibió nada de ${topico} en 90 s`);
      await pub.publicarLote(mensajes(topico, 1));
      await new Promise((r) => setTimeout(r, 500));
    }
    // whatever the warm-up left in flight arrives before the measured window starts
    let previas = (await leerConteo(puertoContador)).distintas;
    for (let estable = 0; estable < 4;) {
      await new Promise((r) => setTimeout(r, 250));
      const ahora = (await leerConteo(puertoContador)).distintas;
      estable = ahora === previas ? estable + 1 : 0;
      previas = ahora;
    }

    let publicados = 0;
    let noPublicados = 0;
    const cpuAntes = ctx.cpu();
    const inicioMs = Date.now();
    const resumen = await conProgresoPorSegundo(
      ctx.progreso,
      `entrega Dapr: publicando (lotes de ${o.lote}, ${o.publicadores} en vuelo)`,
      'eventos publicados',
      () => publicados,
      () =>
        ejecutarCarga(
          async () => {
            const fallidos = await pub.publicarLote(mensajes(topico, o.lote));
            publicados += o.lote - fallidos.length;
            noPublicados += fallidos.length;
            return { ok: fallidos.length === 0 };
          },
          { modo: 'cerrado', tasa: 0, duracionMs: o.duracionS * 1000, concurrencia: o.publicadores },
          () => undefined,
        ),
    );
    let conteo = await leerConteo(puertoContador);
    const limite = Date.now() + o.plazoS * 1000;
    await conProgresoPorSegundo(
      ctx.progreso,
      'entrega Dapr: esperando las entregas',
      'entregas',
      () => conteo.distintas - previas,
      async () => {
        while (conteo.distintas - previas < publicados && Date.now() < limite) {
          await new Promise((r) => setTimeout(r, 100));
          conteo = await leerConteo(puertoContador);
        }
      },
    );
    const cpu = diferencia(cpuAntes, ctx.cpu());
    const entregados = conteo.distintas - previas;
    const completo = entregados >= publicados && conteo.ultimaMs !== null;
    const ventanaS = completo ? (conteo.ultimaMs! - inicioMs) / 1000 : null;
    const ventanaCpuS = (Date.now() - inicioMs) / 1000;
    return {
      topico,
      lote: o.lote,
      publicadores: o.publicadores,
      loteEntrega: o.loteEntrega,
      publicados,
      noPublicados,
      publicacionS: Math.round(resumen.duracionMs) / 1000,
      publicadosPorS: Math.round((publicados * 1000) / resumen.duracionMs),
      entregados,
      reentregas: conteo.entregas - conteo.distintas,
      ventanaS: ventanaS === null ? null : Math.round(ventanaS * 100) / 100,
      entregasPorS: ventanaS ? Math.round(entregados / ventanaS) : null,
      nucleos: Object.fromEntries(
        Object.entries(cpu).map(([k, v]) => [k, Math.round((v / ventanaCpuS) * 100) / 100]),
      ),
      cpuMsPorEntrega: Object.fromEntries(
        Object.entries(cpu)
          .filter(([k]) => k !== 'ajenos')
          .map(([k, v]) => [k, Math.round((v * 1000 * 1000) / Math.max(1, entregados)) / 1000]),
      ),
    };
  } finally {
    publicador?.cerrar();
    for (const nombre of iniciados.reverse()) await supervisor.detener(nombre);
    await appEmisora.detener(0);
  }
}
