import { expect } from 'chai';
import * as grpc from '@grpc/grpc-js';
import { randomBytes, randomUUID } from 'node:crypto';
import { NOMBRES, pagos, TOPICOS } from '@alpes/contratos';
import { esperarHasta } from '@alpes/entorno';
import { iniciarReceptorOtlp, type ReceptorOtlp } from '@alpes/seedwork/pruebas';
import { llamar, SistemaDePrueba, sistemaDePrueba } from '../../src';

// One payment's trace across Dapr: both services export to a stand-in OTLP/HTTP collector, a client
// sends SolicitarPago with its traceparent, and every span the payment causes (pagos' call and
// outbox, liquidacion's handling and PSP call and outbox, pagos' handling of the result) carries that
// trace id, each under the span that caused it.

const SERVIDOR = 2;
const CLIENTE = 3;
const PRODUCTOR = 4;
const CONSUMIDOR = 5;
const SERVICIOS = [NOMBRES.appIds.pagos, NOMBRES.appIds.liquidacion];

describe('trazas de un pago a través de Dapr (e2e)', function () {
  this.timeout(300_000);
  let s: SistemaDePrueba;
  let receptor: ReceptorOtlp;

  /** Restarts both services (and their sidecars, which read the subscriptions again) with `variables`, or as defined. */
  async function reiniciarServicios(variables?: Record<string, string>): Promise<void> {
    for (const appId of SERVICIOS) {
      await s.entorno.supervisor.reiniciar(appId, variables);
      await s.entorno.supervisor.reiniciar(`daprd-${appId}`);
    }
  }

  before(async () => {
    s = await sistemaDePrueba();
    receptor = await iniciarReceptorOtlp();
    await reiniciarServicios({
      OTEL_EXPORTER_OTLP_ENDPOINT: receptor.url.replace(/\/v1\/traces$/, ''),
      OTEL_BSP_SCHEDULE_DELAY: '100', // export within a poll, not after the default 5 s
    });
  });
  after(async () => {
    if (s) await reiniciarServicios(); // untraced again, for the tests that follow
    await receptor?.cerrar();
  });

  it('cada span del pago lleva la traza del llamante, bajo el span que lo causó', async () => {
    const traceId = randomBytes(16).toString('hex');
    const spanLlamante = randomBytes(8).toString('hex');
    const md = new grpc.Metadata();
    md.set('traceparent', `00-${traceId}-${spanLlamante}-01`);
    const pago = await new Promise<pagos.Pago>((resolve, reject) =>
      s.pagos.solicitarPago(
        {
          claveIdempotencia: randomUUID(),
          idInfluencer: `inf-${randomUUID().slice(0, 8)}`,
          idPrograma: 'programa-trazado',
          referencia: 'comision-trazada',
          monto: { moneda: 'COP', unidadesMenores: 150_000n },
        },
        md,
        { deadline: Date.now() + 30_000 },
        (e, r) => (e ? reject(e) : resolve(r!.pago!)),
      ),
    );
    await esperarHasta(
      `pago ${pago.id} PAGADO`,
      async () =>
        (await llamar(s.pagos, s.pagos.obtenerPago, { idPago: pago.id })).pago!.estado ===
        pagos.EstadoPago.ESTADO_PAGO_PAGADO,
      60_000,
      200,
    );

    const deLaTraza = () => receptor.spans.filter((x) => x.traceId === traceId);
    const uno = (servicio: string, kind: number, nombre: string) =>
      deLaTraza().find((x) => x.servicio === servicio && x.kind === kind && x.name === nombre);
    // an outbox publish belongs to the trace (a batch of this payment alone) or links to it (a mixed batch)
    const publicacion = (servicio: string, topico: string) =>
      receptor.spans.find(
        (x) =>
          x.servicio === servicio &&
          x.kind === PRODUCTOR &&
          x.atributos['messaging.destination.name'] === topico &&
          (x.traceId === traceId || x.links.some((l) => l.traceId === traceId)),
      );
    const esperados = () => ({
      llamada: uno('pagos', SERVIDOR, 'alpespartners.pagos.v1.PagosService/SolicitarPago'),
      publicacionPagos: publicacion('pagos', TOPICOS.pagosSolicitados),
      evento: uno('liquidacion', CONSUMIDOR, `process ${TOPICOS.pagosSolicitados}`),
      pasarela: uno('liquidacion', CLIENTE, 'POST'),
      publicacionLiquidacion: publicacion('liquidacion', TOPICOS.liquidacionesFinalizadas),
      resultado: uno('pagos', CONSUMIDOR, `process ${TOPICOS.liquidacionesFinalizadas}`),
    });
    let faltan: string[] = [];
    await esperarHasta(
      'los spans del pago en el colector',
      () => {
        faltan = Object.entries(esperados())
          .filter(([, x]) => !x)
          .map(([nombre]) => nombre);
        return faltan.length === 0;
      },
      30_000,
      100,
    ).catch((error: Error) => {
      throw new Error(`${error.message}; faltan: ${faltan.join(', ')}`);
    });
    const { llamada, evento, pasarela, resultado } = esperados();
    expect(llamada!.parentSpanId).to.equal(spanLlamante);
    // the events carry the caller's traceparent as it came: their handling hangs from the caller's span
    expect(evento!.parentSpanId).to.equal(spanLlamante);
    expect(resultado!.parentSpanId).to.equal(spanLlamante);
    expect(pasarela!.parentSpanId, 'la llamada a la pasarela, dentro del manejo del evento').to.equal(
      evento!.spanId,
    );
  });
});
