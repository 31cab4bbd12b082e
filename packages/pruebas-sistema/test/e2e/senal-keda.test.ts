import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { NOMBRES, pagos } from '@alpes/contratos';
import { senalEscaladoLiquidacion } from '@alpes/despliegue';
import { esperarHasta } from '@alpes/entorno';
import { llamar, SistemaDePrueba, sistemaDePrueba } from '../../src';

// The autoscaling signal, live: KEDA scales liquidacion on the backlog of the topic/subscription
// named in the rendered ScaledObject. Here Pulsar's admin stats of exactly that pair must count
// every PagoSolicitado waiting while liquidacion is down, and drain to 0 once it is back. The payments
// are requested at once, so pagos' relay publishes them together (one BulkPublishEvent): Pulsar's
// msgBacklog counts ledger entries, not messages, so a producer that batched them would make this
// count fall short of N. (daprd 1.18 never batches, since it publishes with the synchronous
// producer.Send; the Component's disableBatching "true" keeps the signal from depending on that.)

const N = 40;

describe('señal de autoescalado de KEDA sobre Pulsar (e2e)', function () {
  this.timeout(240_000);
  let s: SistemaDePrueba;
  let rutaEstadisticas: string;
  let suscripcion: string;

  async function backlog(): Promise<number | undefined> {
    const r = await fetch(`${s.entorno.urlAdminPulsar}/admin/v2/${rutaEstadisticas}/stats`);
    if (!r.ok) return undefined;
    const stats = (await r.json()) as { subscriptions: Record<string, { msgBacklog: number }> };
    return stats.subscriptions[suscripcion]?.msgBacklog;
  }

  before(async () => {
    const senal = await senalEscaladoLiquidacion();
    expect(senal.subscription).to.equal(NOMBRES.appIds.liquidacion);
    const [, resto] = senal.topic.split('://');
    rutaEstadisticas = `persistent/${resto}`;
    suscripcion = senal.subscription;
    s = await sistemaDePrueba();
  });

  it('con liquidacion detenida el backlog cuenta cada PagoSolicitado, y se vacía al volver', async () => {
    await esperarHasta('no backlog before the drill', async () => (await backlog()) === 0, 60_000);
    await s.entorno.supervisor.detener(`daprd-${NOMBRES.appIds.liquidacion}`);
    await s.entorno.supervisor.detener(NOMBRES.appIds.liquidacion);
    try {
      await Promise.all(
        Array.from({ length: N }, (_, i) =>
          llamar(s.pagos, s.pagos.solicitarPago, {
            claveIdempotencia: randomUUID(),
            idInfluencer: 'inf-keda',
            idPrograma: 'programa',
            referencia: `keda-${i}`,
            monto: { moneda: 'USD', unidadesMenores: 1000n + BigInt(i) },
          }),
        ),
      );
      let visto: number | undefined;
      await esperarHasta(
        `msgBacklog = ${N} (last ${visto})`,
        async () => (visto = await backlog()) === N,
        60_000,
      );
      expect(await backlog()).to.equal(N);
    } finally {
      await s.entorno.supervisor.reiniciar(NOMBRES.appIds.liquidacion);
      await s.entorno.supervisor.reiniciar(`daprd-${NOMBRES.appIds.liquidacion}`);
    }
    await esperarHasta('the backlog drains to 0', async () => (await backlog()) === 0, 120_000);
    await esperarHasta(
      'every drill payment settled',
      async () =>
        (
          await llamar(s.pagos, s.pagos.listarPagos, {
            estado: pagos.EstadoPago.ESTADO_PAGO_PAGADO,
            idInfluencer: 'inf-keda',
            pageSize: 100,
            pageToken: '',
          })
        ).pagos.length === N,
      120_000,
    );
  });
});
