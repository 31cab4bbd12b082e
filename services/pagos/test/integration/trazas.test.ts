// SolicitarPago with tracing on: the call's server span and the traceparent its events carry belong to
// one trace, so what liquidacion does with the event joins the payment's trace across Dapr. The event
// keeps the caller's traceparent exactly when it sent a valid one.
import * as grpc from '@grpc/grpc-js';
import { expect } from 'chai';
import type { pagos } from '@alpes/contratos';
import { iniciarTrazas, type Trazas } from '@alpes/seedwork';
import { iniciarReceptorOtlp, type ReceptorOtlp } from '@alpes/seedwork/pruebas';
import { apiPagosEnPrueba, type ApiPagosEnPrueba } from '../apoyo/entorno-bd';
import { unaSolicitudGrpc } from '../apoyo/madres';

const METODO = 'alpespartners.pagos.v1.PagosService/SolicitarPago';

describe('trazas de SolicitarPago (OTLP, Postgres real)', function () {
  this.timeout(30_000);
  let receptor: ReceptorOtlp;
  let trazas: Trazas;
  let e: ApiPagosEnPrueba;

  before(async () => {
    receptor = await iniciarReceptorOtlp();
    trazas = iniciarTrazas({ url: receptor.url, servicio: 'pagos' });
    e = await apiPagosEnPrueba();
  });
  after(async () => {
    await e?.cerrar();
    await trazas?.detener();
    await receptor?.cerrar();
  });

  async function solicitar(traceparent?: string) {
    const md = new grpc.Metadata();
    if (traceparent) md.set('traceparent', traceparent);
    const r: pagos.SolicitarPagoResponse = await e.solicitar(unaSolicitudGrpc(), md);
    const fila = await e.bd.knex('outbox').whereRaw("datos->>'idPago' = ?", [r.pago!.id]).first();
    await trazas.forzarEnvio();
    return fila.traceparent as string;
  }

  it('sin traceparent del llamante, el evento lleva el del span de servidor de la llamada', async () => {
    const delEvento = await solicitar();
    const [, traceId, spanId] = delEvento.split('-');
    const span = receptor.spans.find((s) => s.traceId === traceId);
    expect(span, 'span exportado con la traza del evento').to.deep.include({
      name: METODO,
      spanId,
      servicio: 'pagos',
    });
  });

  it('con traceparent del llamante, el evento lo lleva tal cual y el span es su hijo', async () => {
    const delLlamador = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    expect(await solicitar(delLlamador)).to.equal(delLlamador);
    const span = receptor.spans.find((s) => s.traceId === '4bf92f3577b34da6a3ce929d0e0e4736');
    expect(span).to.deep.include({ name: METODO, parentSpanId: '00f067aa0ba902b7' });
  });
});
