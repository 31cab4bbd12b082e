import { expect } from 'chai';
import * as grpc from '@grpc/grpc-js';
import { liquidacion, pagos } from '@alpes/contratos';
import { llamar, sistemaEnCluster, type SistemaEnCluster } from '../../src';
import { FlujoEnCluster } from './flujo-en-cluster';

// The payment flow on the cluster, through port-forwards and the generated clients: the chart's
// Dapr Component, Resiliency and Subscriptions are the ones in force (no local copies).

const { EstadoPago } = pagos;
const { EstadoLiquidacion, ResultadoIntento } = liquidacion;

describe('flujo de pago en el cluster kind (cluster)', function () {
  this.timeout(600_000);
  let s: SistemaEnCluster;
  let maxRetries: number;

  let flujo: FlujoEnCluster;

  before(async function () {
    // the first suite to ask pays for `cluster up` + `deploy` (minutes on a cold machine)
    this.timeout(2_400_000);
    s = await sistemaEnCluster();
    flujo = new FlujoEnCluster(s, {
      etiqueta: 'cluster',
      unidadesMenores: 250_000n,
      plazoMs: 90_000,
      intervaloMs: 250,
    });
    // the Resiliency applied in the cluster, read back from the API server
    const resiliencia = JSON.parse(await s.k('get', 'resiliencies.dapr.io', '-o', 'json')) as {
      items: {
        spec: {
          policies: { retries: Record<string, { maxRetries: number }> };
          targets: { components: Record<string, { inbound: { retry: string } }> };
        };
      }[];
    };
    const spec = resiliencia.items[0]!.spec;
    const politica = Object.values(spec.targets.components)[0]!.inbound.retry;
    maxRetries = spec.policies.retries[politica]!.maxRetries;
  });

  beforeEach(async () => {
    await s.pasarela.reiniciar();
  });

  it('un pago termina PAGADO con una sola transferencia y su liquidacion EXITOSA', async () => {
    await flujo.pagadoConUnaTransferencia();
  });

  it('un rechazo permanente termina RECHAZADO con una sola llamada y ninguna transferencia', async () => {
    await flujo.rechazadoSinTransferencia();
  });

  it('una caída de la pasarela agota los reintentos de la Resiliency del cluster, va a dead letter, FALLIDO, y el reintento paga una vez', async () => {
    await s.pasarela.bloquear();
    const pago = await flujo.solicitar(flujo.solicitud());
    await flujo.esperarEstado(pago.id, EstadoPago.ESTADO_PAGO_FALLIDO, 180_000);
    const liq = await flujo.obtenerLiquidacion(pago.id);
    expect(liq.estado).to.equal(EstadoLiquidacion.ESTADO_LIQUIDACION_FALLIDA);
    expect(liq.intentos).to.have.length(maxRetries + 1);
    expect(
      liq.intentos.every((i) => i.resultado === ResultadoIntento.RESULTADO_INTENTO_ERROR_TRANSITORIO),
    ).to.equal(true);
    await s.pasarela.permitir();
    await llamar(s.pagos, s.pagos.reintentarPago, { idPago: pago.id });
    await flujo.esperarEstado(pago.id, EstadoPago.ESTADO_PAGO_PAGADO);
    expect(await s.pasarela.transferencias(pago.id)).to.have.length(1);
  });

  it('sin credencial el API del cluster responde UNAUTHENTICATED y no crea nada', async () => {
    const anonimo = new pagos.PagosServiceClient(s.direccionPagos, grpc.credentials.createInsecure());
    const r = flujo.solicitud();
    try {
      const codigo = await new Promise<grpc.status | 'aceptado'>((resolve) =>
        anonimo.solicitarPago(r, (e) => resolve(e ? e.code : 'aceptado')),
      );
      expect(codigo).to.equal(grpc.status.UNAUTHENTICATED);
    } finally {
      anonimo.close();
    }
    // with the credential, the same key is new: nothing was stored by the refused call
    const pago = await flujo.solicitar(r);
    const listados = await llamar(s.pagos, s.pagos.listarPagos, {
      idInfluencer: r.idInfluencer,
      estado: EstadoPago.ESTADO_PAGO_UNSPECIFIED,
      pageSize: 10,
      pageToken: '',
    });
    expect(listados.pagos.map((p) => p.id)).to.deep.equal([pago.id]);
  });
});
