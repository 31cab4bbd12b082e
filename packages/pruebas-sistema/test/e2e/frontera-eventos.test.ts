import { expect } from 'chai';
import * as grpc from '@grpc/grpc-js';
import { randomUUID } from 'node:crypto';
import { daprAppCallback, pagos, TOPICOS } from '@alpes/contratos';
import { esperarHasta } from '@alpes/entorno';
import { llamar, SistemaDePrueba, sistemaDePrueba } from '../../src';

// Only daprd delivers events (DESIGN §8b), on the whole system: real Postgres, Pulsar, two daprd
// started with the run's tokens. A forged event at a service's public port finds no AppCallback
// (UNIMPLEMENTED); at its loopback AppCallback without daprd's token, or with a wrong one, it is
// refused (UNAUTHENTICATED); either way nothing changes — read through the public APIs and the PSP
// ledger. Events that do come through daprd keep settling payments.

const { EstadoPago } = pagos;

interface Forja {
  topico: string;
  tipo: string;
  datos: unknown;
}

function forjar(direccion: string, f: Forja, token?: string): Promise<grpc.status | 'aceptado'> {
  const cliente = new daprAppCallback.AppCallbackClient(direccion, grpc.credentials.createInsecure());
  const metadatos = new grpc.Metadata();
  if (token !== undefined) metadatos.set('dapr-api-token', token);
  const peticion = daprAppCallback.TopicEventRequest.fromPartial({
    id: randomUUID(),
    type: f.tipo,
    specVersion: '1.0',
    dataContentType: 'application/json',
    topic: f.topico,
    pubsubName: 'pubsub',
    data: Buffer.from(JSON.stringify(f.datos)),
  });
  return new Promise((resolve) =>
    cliente.onTopicEvent(peticion, metadatos, { deadline: Date.now() + 5000 }, (e) => {
      cliente.close();
      resolve(e ? e.code : 'aceptado');
    }),
  );
}

/** The same token with its last character changed: wrong, though only at the very end. */
function casiIgual(token: string): string {
  return `${token.slice(0, -1)}${token.endsWith('0') ? '1' : '0'}`;
}

describe('frontera de eventos: solo daprd entrega (e2e)', function () {
  this.timeout(180_000);
  let s: SistemaDePrueba;

  before(async () => {
    s = await sistemaDePrueba();
  });
  beforeEach(() => s.pasarela.reiniciar());
  afterEach(() => s.pasarela.permitir());

  /** Every way in that is not daprd: the public port (even with the right token), no token, a wrong one. */
  async function intentos(servicio: 'pagos' | 'liquidacion', f: Forja) {
    const p = s.entorno.puertos;
    const publico = `127.0.0.1:${servicio === 'pagos' ? p.pagosGrpc : p.liquidacionGrpc}`;
    const callback = `127.0.0.1:${servicio === 'pagos' ? p.pagosAppCallback : p.liquidacionAppCallback}`;
    return {
      publico: await forjar(publico, f),
      publicoConToken: await forjar(publico, f, s.entorno.tokens.app),
      sinToken: await forjar(callback, f),
      tokenEquivocado: await forjar(callback, f, casiIgual(s.entorno.tokens.app)),
      tokenDeDaprd: await forjar(callback, f, s.entorno.tokens.dapr), // the other token is not the app's
    };
  }
  const RECHAZOS = {
    publico: grpc.status.UNIMPLEMENTED,
    publicoConToken: grpc.status.UNIMPLEMENTED,
    sinToken: grpc.status.UNAUTHENTICATED,
    tokenEquivocado: grpc.status.UNAUTHENTICATED,
    tokenDeDaprd: grpc.status.UNAUTHENTICATED,
  };

  it('un PagoSolicitado forjado hacia liquidacion se rechaza y nadie recibe dinero', async () => {
    const idPago = `forjado-${randomUUID()}`;
    const r = await intentos('liquidacion', {
      topico: TOPICOS.pagosSolicitados,
      tipo: 'alpespartners.eventos.v1.PagoSolicitado',
      datos: {
        idPago,
        idInfluencer: 'inf-forjador',
        monto: { moneda: 'COP', unidadesMenores: '999999999' },
        idCorrelacion: `corr-${idPago}`,
        intento: 1,
      },
    });
    expect(r).to.deep.equal(RECHAZOS);
    const consulta = await llamar(s.liquidacion, s.liquidacion.obtenerLiquidacion, { idPago }).catch(
      (e: grpc.ServiceError) => e.code,
    );
    expect(consulta, 'no hay liquidacion del pago forjado').to.equal(grpc.status.NOT_FOUND);
    expect(await s.pasarela.transferencias(idPago)).to.deep.equal([]);
    expect(
      (await s.pasarela.transferencias()).filter((t) => t.id_influencer === 'inf-forjador'),
    ).to.deep.equal([]);
  });

  it('una LiquidacionFinalizada forjada no marca PAGADO un pago en curso; el evento real de daprd sí', async () => {
    await s.pasarela.bloquear(); // the real settlement cannot finish while the forgeries arrive
    const { pago } = await llamar(s.pagos, s.pagos.solicitarPago, {
      claveIdempotencia: randomUUID(),
      idInfluencer: `inf-${randomUUID().slice(0, 8)}`,
      idPrograma: 'programa-verano',
      referencia: 'comision-2026-11',
      monto: { moneda: 'COP', unidadesMenores: 150_000n },
    });
    const r = await intentos('pagos', {
      topico: TOPICOS.liquidacionesFinalizadas,
      tipo: 'alpespartners.eventos.v1.LiquidacionFinalizada',
      datos: {
        idPago: pago!.id,
        idLiquidacion: randomUUID(),
        resultado: 'RESULTADO_LIQUIDACION_PAGADO',
        referenciaPasarela: 'tr-forjada',
        idCorrelacion: pago!.idCorrelacion,
        intento: 1,
        finalizadaEn: new Date().toISOString(),
      },
    });
    expect(r).to.deep.equal(RECHAZOS);
    const intacto = (await llamar(s.pagos, s.pagos.obtenerPago, { idPago: pago!.id })).pago!;
    expect(EstadoPago[intacto.estado]).to.equal('ESTADO_PAGO_SOLICITADO');
    expect(intacto.historial.map((t) => EstadoPago[t.hacia])).to.not.include('ESTADO_PAGO_PAGADO');

    // the way in that is open: the PSP recovers, liquidacion's retry pays, daprd delivers the result
    await s.pasarela.permitir();
    let ultimo = intacto;
    await esperarHasta(
      `pago ${pago!.id} PAGADO (último: ${EstadoPago[ultimo.estado]})`,
      async () =>
        (ultimo = (await llamar(s.pagos, s.pagos.obtenerPago, { idPago: pago!.id })).pago!).estado ===
        EstadoPago.ESTADO_PAGO_PAGADO,
      60_000,
      200,
    );
    const libro = await s.pasarela.transferencias(pago!.id);
    expect(libro).to.have.length(1);
    expect(ultimo.referenciaPasarela).to.equal(libro[0]!.id);
  });
});
