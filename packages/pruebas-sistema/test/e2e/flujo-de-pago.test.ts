import { expect } from 'chai';
import * as grpc from '@grpc/grpc-js';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { liquidacion, NOMBRES, pagos } from '@alpes/contratos';
import { esperarHasta, rutas } from '@alpes/entorno';
import { decodificarViolaciones } from '@alpes/seedwork';
import { esperarEstadoPago, llamar, SistemaDePrueba, sistemaDePrueba } from '../../src';

// The payment flow end to end (DESIGN §4): public gRPC APIs, real Postgres, Pulsar, two daprd,
// both services and the PSP stand-in. Assertions read the API and the PSP ledger, never tables.

const { EstadoPago } = pagos;
const { EstadoLiquidacion, ResultadoIntento } = liquidacion;

function maxRetries(): number {
  const spec = parse(fs.readFileSync(path.join(rutas.componentes, 'resiliencia.yaml'), 'utf8'));
  return spec.spec.policies.retries[spec.spec.targets.components.pubsub.inbound.retry].maxRetries;
}

function solicitud(extra: Partial<pagos.SolicitarPagoRequest> = {}): pagos.SolicitarPagoRequest {
  return {
    claveIdempotencia: randomUUID(),
    idInfluencer: `inf-${randomUUID().slice(0, 8)}`,
    idPrograma: 'programa-verano',
    referencia: 'comision-2026-11',
    monto: { moneda: 'COP', unidadesMenores: 150_000n },
    ...extra,
  };
}

describe('flujo de pago de extremo a extremo (e2e)', function () {
  this.timeout(180_000);
  let s: SistemaDePrueba;

  const solicitar = (r: pagos.SolicitarPagoRequest) =>
    llamar(s.pagos, s.pagos.solicitarPago, r).then((x) => x.pago!);
  const obtener = (idPago: string) => llamar(s.pagos, s.pagos.obtenerPago, { idPago }).then((x) => x.pago!);
  const liquidacionDe = (idPago: string) =>
    llamar(s.liquidacion, s.liquidacion.obtenerLiquidacion, { idPago }).then((x) => x.liquidacion!);
  const esperarEstado = (idPago: string, estado: pagos.EstadoPago, plazoMs = 60_000) =>
    esperarEstadoPago(s.pagos, idPago, estado, plazoMs, 200);

  before(async () => {
    s = await sistemaDePrueba();
  });

  beforeEach(async () => {
    await s.pasarela.reiniciar();
  });

  it('un pago solicitado se acepta al instante y termina PAGADO con una sola transferencia', async () => {
    const pago = await solicitar(solicitud());
    expect(pago.estado).to.equal(EstadoPago.ESTADO_PAGO_SOLICITADO);
    const pagado = await esperarEstado(pago.id, EstadoPago.ESTADO_PAGO_PAGADO);
    const libro = await s.pasarela.transferencias(pago.id);
    expect(libro).to.have.length(1);
    expect(pagado.referenciaPasarela).to.equal(libro[0]!.id);
    expect(pagado.historial.map((t) => [t.desde, t.hacia])).to.deep.include([
      EstadoPago.ESTADO_PAGO_SOLICITADO,
      EstadoPago.ESTADO_PAGO_PAGADO,
    ]);
    const liq = await liquidacionDe(pago.id);
    expect(liq.estado).to.equal(EstadoLiquidacion.ESTADO_LIQUIDACION_EXITOSA);
    expect(liq.intentos.map((i) => i.resultado)).to.deep.equal([ResultadoIntento.RESULTADO_INTENTO_EXITOSO]);
  });

  it('un rechazo permanente de la pasarela termina RECHAZADO con exactamente una llamada', async () => {
    const r = solicitud();
    await s.pasarela.configurarFallas({ rechazar_influencers: [r.idInfluencer] });
    const pago = await solicitar(r);
    const rechazado = await esperarEstado(pago.id, EstadoPago.ESTADO_PAGO_RECHAZADO);
    expect(rechazado.motivo).to.not.equal('');
    const liq = await liquidacionDe(pago.id);
    expect(liq.estado).to.equal(EstadoLiquidacion.ESTADO_LIQUIDACION_RECHAZADA);
    expect(liq.intentos).to.have.length(1);
    expect((await s.pasarela.estado()).solicitudes.rechazada).to.equal(1);
    expect(await s.pasarela.transferencias(pago.id)).to.have.length(0);
  });

  it('una caída de la pasarela se reintenta según la política, termina FALLIDO y ReintentarPago lo paga una vez', async () => {
    await s.pasarela.bloquear();
    const pago = await solicitar(solicitud());
    const fallido = await esperarEstado(pago.id, EstadoPago.ESTADO_PAGO_FALLIDO, 90_000);
    expect(fallido.motivo).to.not.equal('');
    const liq = await liquidacionDe(pago.id);
    expect(liq.estado).to.equal(EstadoLiquidacion.ESTADO_LIQUIDACION_FALLIDA);
    expect(liq.intentos).to.have.length(maxRetries() + 1);
    expect(
      liq.intentos.every((i) => i.resultado === ResultadoIntento.RESULTADO_INTENTO_ERROR_TRANSITORIO),
    ).to.equal(true);

    await s.pasarela.permitir();
    const reintentado = (await llamar(s.pagos, s.pagos.reintentarPago, { idPago: pago.id })).pago!;
    expect(reintentado.estado).to.equal(EstadoPago.ESTADO_PAGO_SOLICITADO);
    expect(reintentado.intentos).to.equal(2);
    await esperarEstado(pago.id, EstadoPago.ESTADO_PAGO_PAGADO);
    expect(await s.pasarela.transferencias(pago.id)).to.have.length(1);
  });

  it('liquidacion muere (kill -9 con su sidecar) después de que la pasarela pagó y antes del ack: sigue habiendo una sola transferencia', async () => {
    await s.pasarela.configurarFallas({ latencia_respuesta_ms: 10_000 }); // paid, the answer is late
    const pago = await solicitar(solicitud());
    await esperarHasta('the PSP paid', async () => (await s.pasarela.transferencias(pago.id)).length === 1);
    const { supervisor } = s.entorno;
    await supervisor.matar(`daprd-${NOMBRES.appIds.liquidacion}`);
    await supervisor.matar(NOMBRES.appIds.liquidacion);
    expect((await obtener(pago.id)).estado, 'not settled before the crash').to.equal(
      EstadoPago.ESTADO_PAGO_SOLICITADO,
    );
    await s.pasarela.configurarFallas({});
    await supervisor.reiniciar(NOMBRES.appIds.liquidacion);
    await supervisor.reiniciar(`daprd-${NOMBRES.appIds.liquidacion}`);
    await esperarEstado(pago.id, EstadoPago.ESTADO_PAGO_PAGADO, 120_000);
    expect(await s.pasarela.transferencias(pago.id)).to.have.length(1);
  });

  it('ReintentarPago de un pago que no está FALLIDO es FAILED_PRECONDITION, y de uno inexistente NOT_FOUND', async () => {
    const pago = await solicitar(solicitud());
    await esperarEstado(pago.id, EstadoPago.ESTADO_PAGO_PAGADO);
    const precondicion = await llamar(s.pagos, s.pagos.reintentarPago, { idPago: pago.id }).catch((e) => e);
    expect(precondicion.code).to.equal(grpc.status.FAILED_PRECONDITION);
    const ausente = await llamar(s.pagos, s.pagos.obtenerPago, { idPago: randomUUID() }).catch((e) => e);
    expect(ausente.code).to.equal(grpc.status.NOT_FOUND);
  });

  it('la misma clave con el mismo cuerpo devuelve el mismo pago y paga una vez; con otro cuerpo es ALREADY_EXISTS', async () => {
    const r = solicitud();
    const [a, b] = await Promise.all([solicitar(r), solicitar(r)]);
    expect(b.id).to.equal(a.id);
    await esperarEstado(a.id, EstadoPago.ESTADO_PAGO_PAGADO);
    expect((await solicitar(r)).id).to.equal(a.id);
    const otro = await solicitar({ ...r, monto: { moneda: 'COP', unidadesMenores: 999n } }).catch((e) => e);
    expect(otro.code).to.equal(grpc.status.ALREADY_EXISTS);
    expect(await s.pasarela.transferencias(a.id)).to.have.length(1);
  });

  it('una entrada inválida es INVALID_ARGUMENT con el campo nombrado y no guarda nada', async () => {
    const casos: [string, pagos.SolicitarPagoRequest][] = [
      ['monto.moneda', solicitud({ monto: { moneda: 'cop', unidadesMenores: 100n } })],
      ['monto.moneda', solicitud({ monto: { moneda: 'XXX', unidadesMenores: 100n } })],
      ['monto.unidades_menores', solicitud({ monto: { moneda: 'COP', unidadesMenores: 0n } })],
      ['monto.unidades_menores', solicitud({ monto: { moneda: 'COP', unidadesMenores: -5n } })],
      ['monto', solicitud({ monto: undefined })],
      ['id_influencer', solicitud({ idInfluencer: '' })],
      ['clave_idempotencia', solicitud({ claveIdempotencia: '' })],
    ];
    for (const [campo, r] of casos) {
      const e = await solicitar(r).catch((x) => x);
      expect(e.code, campo).to.equal(grpc.status.INVALID_ARGUMENT);
      expect(e.details, campo).to.include(campo);
      const detalles = e.metadata?.get('grpc-status-details-bin')?.[0];
      if (detalles) expect(decodificarViolaciones(detalles).map((v) => v.campo)).to.include(campo);
      if (r.idInfluencer) {
        const listado = await llamar(s.pagos, s.pagos.listarPagos, {
          estado: EstadoPago.ESTADO_PAGO_UNSPECIFIED,
          idInfluencer: r.idInfluencer,
          pageSize: 10,
          pageToken: '',
        });
        expect(listado.pagos, `nothing stored for ${campo}`).to.have.length(0);
      }
    }
  });
});
