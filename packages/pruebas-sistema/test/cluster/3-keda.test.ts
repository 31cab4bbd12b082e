import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { NOMBRES, pagos } from '@alpes/contratos';
import { esperarHasta, RAIZ_REPO } from '@alpes/entorno';
import { llamar, sistemaEnCluster, type SistemaEnCluster } from '../../src';

// KEDA for real: a backlog on pagos-solicitados (the PSP answers slowly, so liquidacion settles
// ~50/s per replica) makes KEDA's HPA add liquidacion replicas; the backlog drains; after the
// scale-down window the replicas return to the minimum. The timeline is printed and written to
// informes/cluster/keda.json.

const N = 1500;
const LATENCIA_PASARELA_MS = 2000;

interface Muestra {
  t: number;
  backlog: number | undefined;
  deseadas: number;
  listas: number;
}

describe('KEDA escala liquidacion con el backlog de Pulsar (cluster)', function () {
  this.timeout(900_000);
  let s: SistemaEnCluster;
  let minimo: number;
  let maximo: number;

  async function backlog(): Promise<number | undefined> {
    const r = await fetch(
      `${s.urlAdminPulsar}/admin/v2/persistent/public/default/${NOMBRES.topicos.pagosSolicitados}/stats`,
    ).catch(() => undefined);
    if (!r?.ok) return undefined;
    const stats = (await r.json()) as { subscriptions: Record<string, { msgBacklog: number }> };
    return stats.subscriptions[NOMBRES.appIds.liquidacion]?.msgBacklog;
  }

  before(async function () {
    // the first suite to ask pays for `cluster up` + `deploy` (minutes on a cold machine)
    this.timeout(2_400_000);
    s = await sistemaEnCluster();
    const so = JSON.parse(await s.k('get', 'scaledobject', NOMBRES.appIds.liquidacion, '-o', 'json')) as {
      spec: { minReplicaCount: number; maxReplicaCount: number };
      status: { hpaName: string; conditions: { type: string; status: string }[] };
    };
    minimo = so.spec.minReplicaCount;
    maximo = so.spec.maxReplicaCount;
    expect(so.status.conditions.find((c) => c.type === 'Ready')?.status, 'ScaledObject Ready').to.equal(
      'True',
    );
    // KEDA owns an HPA for it
    const hpa = JSON.parse(await s.k('get', 'hpa', so.status.hpaName, '-o', 'json')) as {
      spec: { scaleTargetRef: { name: string } };
    };
    expect(hpa.spec.scaleTargetRef.name).to.equal(NOMBRES.appIds.liquidacion);
    await esperarHasta(
      'liquidacion at its minimum before the backlog',
      async () => (await s.replicasLiquidacion()).deseadas === minimo,
      600_000,
      2000,
    );
  });

  after(async () => {
    await s?.pasarela.configurarFallas({});
  });

  it('sube réplicas por encima del mínimo con backlog, lo vacía, y vuelve al mínimo tras la ventana', async () => {
    await s.pasarela.reiniciar();
    await s.pasarela.configurarFallas({ latencia_ms: LATENCIA_PASARELA_MS });
    const inicio = Date.now();
    const linea: Muestra[] = [];
    let muestreando = true;
    const muestreo = (async () => {
      while (muestreando) {
        const r = await s.replicasLiquidacion().catch(() => ({ deseadas: -1, listas: -1 }));
        linea.push({ t: (Date.now() - inicio) / 1000, backlog: await backlog(), ...r });
        await new Promise((res) => setTimeout(res, 2000));
      }
    })();

    const ids: string[] = [];
    const enVuelo = 16;
    let siguiente = 0;
    await Promise.all(
      Array.from({ length: enVuelo }, async () => {
        while (siguiente < N) {
          const i = siguiente++;
          const pago = await llamar(s.pagos, s.pagos.solicitarPago, {
            claveIdempotencia: randomUUID(),
            idInfluencer: `inf-keda-${i % 50}`,
            idPrograma: 'programa-keda',
            referencia: `keda-${i}`,
            monto: { moneda: 'COP', unidadesMenores: 10_000n + BigInt(i) },
          });
          ids.push(pago.pago!.id);
        }
      }),
    );
    const enviado = (Date.now() - inicio) / 1000;

    await esperarHasta(
      `liquidacion scaled above ${minimo}`,
      async () => (await s.replicasLiquidacion()).deseadas > minimo,
      300_000,
      1000,
    );
    await esperarHasta(
      `more than ${minimo} liquidacion pods Ready`,
      async () => (await s.replicasLiquidacion()).listas > minimo,
      300_000,
      1000,
    );
    const pico = Math.max(...linea.map((m) => m.deseadas), (await s.replicasLiquidacion()).deseadas);
    await esperarHasta('backlog drained', async () => (await backlog()) === 0, 600_000, 2000);
    const vaciado = (Date.now() - inicio) / 1000;
    await s.pasarela.configurarFallas({});
    await esperarHasta(
      `liquidacion back to ${minimo}`,
      async () => (await s.replicasLiquidacion()).deseadas === minimo,
      600_000,
      2000,
    );
    const deVuelta = (Date.now() - inicio) / 1000;
    muestreando = false;
    await muestreo;
    // when it happened, from the 2 s samples taken during the whole run
    const primera = (f: (m: Muestra) => boolean) => linea.find(f)?.t ?? NaN;
    const escalado = primera((m) => m.deseadas > minimo);
    const listas = primera((m) => m.listas > minimo);
    const backlogMaximo = Math.max(...linea.map((m) => m.backlog ?? 0));

    // every payment settled once
    const { EstadoPago } = pagos;
    let pagados = 0;
    for (const id of ids) {
      const p = (await llamar(s.pagos, s.pagos.obtenerPago, { idPago: id })).pago!;
      if (p.estado === EstadoPago.ESTADO_PAGO_PAGADO) pagados++;
    }
    const libro = await s.pasarela.transferencias();
    const porPago = new Map<string, number>();
    for (const t of libro) porPago.set(t.id_pago, (porPago.get(t.id_pago) ?? 0) + 1);

    const cronologia = {
      N,
      LATENCIA_PASARELA_MS,
      minimo,
      maximo,
      pico,
      enviado,
      escalado,
      listas,
      vaciado,
      deVuelta,
      pagados,
      muestras: linea,
    };
    const dir = path.join(RAIZ_REPO, 'informes', 'cluster');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'keda.json'), JSON.stringify(cronologia, null, 2));
    console.log(
      `      KEDA timeline: ${N} sent by ${enviado.toFixed(0)} s (backlog peak ${backlogMaximo}); HPA above ${minimo} at ${escalado.toFixed(0)} s, ` +
        `pods Ready at ${listas.toFixed(0)} s, peak ${pico} replicas (max ${maximo}); backlog 0 at ${vaciado.toFixed(0)} s; ` +
        `back to ${minimo} at ${deVuelta.toFixed(0)} s`,
    );
    expect(pico).to.be.greaterThan(minimo);
    expect(pagados, 'PAGADO').to.equal(N);
    expect(
      ids.every((id) => porPago.get(id) === 1),
      'exactly one transfer per payment',
    ).to.equal(true);
  });
});
