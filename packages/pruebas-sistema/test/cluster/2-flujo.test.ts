import { expect } from 'chai';
import * as grpc from '@grpc/grpc-js';
import { randomUUID } from 'node:crypto';
import { liquidacion, pagos } from '@alpes/contratos';
import { esperarHasta } from '@alpes/entorno';
import { llamar, sistemaEnCluster, type SistemaEnCluster } from '../../src';

// The payment flow on the cluster, through port-forwards and the generated clients: the chart's
// Dapr Component, Resiliency and Subscriptions are the ones in force (no local copies).

const { EstadoPago } = pagos;
const { EstadoLiquidacion, ResultadoIntento } = liquidacion;

function solicitud(): pagos.SolicitarPagoRequest {
  return {
    claveIdempotencia: randomUUID(),
    idInfluencer: `inf-${randomUUID().slice(0, 8)}`,
    idPrograma: 'programa-cluster',
    referencia: 'comision-cluster',
    monto: { moneda: 'COP', unidadesMenores: 250_000n },
  };
}

describe('flujo de pago en el cluster kind (cluster)', function () {
  this.timeout(600_000);
  let s: SistemaEnCluster;
  let maxRetries: number;

  const solicitar = (r: pagos.SolicitarPagoRequest) =>
    llamar(s.pagos, s.pagos.solicitarPago, r).then((x) => x.pago!);
  const obtener = (idPago: string) => llamar(s.pagos, s.pagos.obtenerPago, { idPago }).then((x) => x.pago!);
  async function esperarEstado(idPago: string, estado: pagos.EstadoPago, plazoMs = 90_000) {
    let ultimo: pagos.Pago | undefined;
    await esperarHasta(
      `pago ${idPago} in ${EstadoPago[estado]} (last: ${ultimo ? EstadoPago[ultimo.estado] : '-'})`,
      async () => (ultimo = await obtener(idPago)).estado === estado,
      plazoMs,
      250,
    );
    return ultimo!;
  }

  before(async function () {
    // the first suite to ask pays for `cluster up` + `deploy` (minutes on a cold machine)
    this.timeout(2_400_000);
    s = await sistemaEnCluster();
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
    const pago = await solicitar(solicitud());
    expect(pago.estado).to.equal(EstadoPago.ESTADO_PAGO_SOLICITADO);
    const pagado = await esperarEstado(pago.id, EstadoPago.ESTADO_PAGO_PAGADO);
    const libro = await s.pasarela.transferencias(pago.id);
    expect(libro).to.have.length(1);
    expect(pagado.referenciaPasarela).to.equal(libro[0]!.id);
    const liq = (await llamar(s.liquidacion, s.liquidacion.obtenerLiquidacion, { idPago: pago.id }))
      .liquidacion!;
    expect(liq.estado).to.equal(EstadoLiquidacion.ESTADO_LIQUIDACION_EXITOSA);
  });

  it('un rechazo permanente termina RECHAZADO con una sola llamada y ninguna transferencia', async () => {
    const r = solicitud();
    await s.pasarela.configurarFallas({ rechazar_influencers: [r.idInfluencer] });
    const pago = await solicitar(r);
    await esperarEstado(pago.id, EstadoPago.ESTADO_PAGO_RECHAZADO);
    expect((await s.pasarela.estado()).solicitudes.rechazada).to.equal(1);
    expect(await s.pasarela.transferencias(pago.id)).to.have.length(0);
  });

  it('una caída de la pasarela agota los reintentos de la Resiliency del cluster, va a dead letter, FALLIDO, y el reintento paga una vez', async () => {
    await s.pasarela.bloquear();
    const pago = await solicitar(solicitud());
    await esperarEstado(pago.id, EstadoPago.ESTADO_PAGO_FALLIDO, 180_000);
    const liq = (await llamar(s.liquidacion, s.liquidacion.obtenerLiquidacion, { idPago: pago.id }))
      .liquidacion!;
    expect(liq.estado).to.equal(EstadoLiquidacion.ESTADO_LIQUIDACION_FALLIDA);
    expect(liq.intentos).to.have.length(maxRetries + 1);
    expect(
      liq.intentos.every((i) => i.resultado === ResultadoIntento.RESULTADO_INTENTO_ERROR_TRANSITORIO),
    ).to.equal(true);
    await s.pasarela.permitir();
    await llamar(s.pagos, s.pagos.reintentarPago, { idPago: pago.id });
    await esperarEstado(pago.id, EstadoPago.ESTADO_PAGO_PAGADO);
    expect(await s.pasarela.transferencias(pago.id)).to.have.length(1);
  });

  it('sin credencial el API del cluster responde UNAUTHENTICATED y no crea nada', async () => {
    const anonimo = new pagos.PagosServiceClient(s.direccionPagos, grpc.credentials.createInsecure());
    const r = solicitud();
    try {
      const codigo = await new Promise<grpc.status | 'aceptado'>((resolve) =>
        anonimo.solicitarPago(r, (e) => resolve(e ? e.code : 'aceptado')),
      );
      expect(codigo).to.equal(grpc.status.UNAUTHENTICATED);
    } finally {
      anonimo.close();
    }
    // with the credential, the same key is new: nothing was stored by the refused call
    const pago = await solicitar(r);
    const listados = await llamar(s.pagos, s.pagos.listarPagos, {
      idInfluencer: r.idInfluencer,
      estado: EstadoPago.ESTADO_PAGO_UNSPECIFIED,
      pageSize: 10,
      pageToken: '',
    });
    expect(listados.pagos.map((p) => p.id)).to.deep.equal([pago.id]);
  });
});
