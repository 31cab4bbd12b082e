import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { desplegar } from '@alpes/cluster';
import { pagos } from '@alpes/contratos';
import { esperarHasta, RAIZ_REPO } from '@alpes/entorno';
import { llamar, sistemaEnCluster, type SistemaEnCluster } from '../../src';

// keda.minReplicaCount 0: liquidacion scales to zero when idle and the first PagoSolicitado wakes
// it (its Pulsar subscription is durable, so the backlog is counted with no consumer). Measures
// the time from that payment's acceptance to PAGADO: the latency the option costs.

describe('liquidacion escala desde cero con KEDA (cluster)', function () {
  this.timeout(900_000);
  let s: SistemaEnCluster;

  before(async function () {
    this.timeout(2_400_000); // `cluster up` + `deploy` when this suite runs first
    s = await sistemaEnCluster();
    const overlay = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'alpes-cero-')), 'valores.yaml');
    fs.writeFileSync(overlay, 'keda:\n  minReplicaCount: 0\n');
    await desplegar({
      reenviar: false,
      valores: [path.join(RAIZ_REPO, 'charts', 'alpes-pagos', 'valores-dev.yaml'), overlay],
    });
    await s.esperarApis(['pagos']); // liquidacion may be at zero already
  });

  after(async () => {
    if (s) {
      await desplegar({ reenviar: false });
      await s.esperarApis();
    }
  });

  it('en reposo queda en 0 réplicas y el primer pago la despierta y termina PAGADO', async () => {
    // zero wanted and zero left: a terminating pod's sidecar could still take the payment
    await esperarHasta(
      'liquidacion scaled to zero, its last pod gone',
      async () => (await s.replicasLiquidacion()).deseadas === 0 && (await s.podsLiquidacion()) === 0,
      600_000,
      2000,
    );
    const inicio = Date.now();
    const pago = (
      await llamar(s.pagos, s.pagos.solicitarPago, {
        claveIdempotencia: randomUUID(),
        idInfluencer: 'inf-cero',
        idPrograma: 'programa-cero',
        referencia: 'desde-cero',
        monto: { moneda: 'COP', unidadesMenores: 77_000n },
      })
    ).pago!;
    let despierta = 0;
    await esperarHasta(
      'PAGADO',
      async () => {
        if (!despierta && (await s.replicasLiquidacion()).deseadas > 0) despierta = Date.now();
        return (
          (await llamar(s.pagos, s.pagos.obtenerPago, { idPago: pago.id })).pago!.estado ===
          pagos.EstadoPago.ESTADO_PAGO_PAGADO
        );
      },
      300_000,
      500,
    );
    const total = (Date.now() - inicio) / 1000;
    console.log(
      `      from zero: KEDA woke liquidacion ${((despierta - inicio) / 1000).toFixed(1)} s after the payment; PAGADO after ${total.toFixed(1)} s`,
    );
    expect(await s.pasarela.transferencias(pago.id)).to.have.length(1);
  });
});
