import { expect } from 'chai';
import * as grpc from '@grpc/grpc-js';
import { randomUUID } from 'node:crypto';
import { liquidacion, NOMBRES, pagos } from '@alpes/contratos';
import { esperarHasta } from '@alpes/entorno';
import { llamar, SistemaDePrueba, sistemaDePrueba } from '../../src';

// pagos' group commit through the whole stack (public gRPC API, real Postgres, Pulsar, two daprd,
// liquidacion, the PSP stand-in): idempotency when many requests share groups, and the bound on
// requests waiting for a group (MAXIMO_PAGOS_EN_ESPERA), the overload made by a burst while Postgres
// stalls (the supervisor pauses it) and pagos restarted with tiny limits (put back afterwards). Observed
// through the APIs, the PSP ledger and the services' /metrics, never their tables.

const { EstadoPago } = pagos;
const { EstadoLiquidacion, ResultadoIntento } = liquidacion;

/** How one SolicitarPago call ended. */
type Desenlace = { pago: pagos.Pago } | { codigo: grpc.status; detalle: string };

const esPago = (d: Desenlace | undefined): d is { pago: pagos.Pago } => !!d && 'pago' in d;

describe('SolicitarPago agrupado de extremo a extremo (e2e)', function () {
  this.timeout(600_000);
  let s: SistemaDePrueba;
  let pagosReconfigurado = false;

  before(async () => {
    s = await sistemaDePrueba();
  });

  after(async () => {
    if (pagosReconfigurado) await reiniciarPagos(); // as the system started it, for the tests that follow
  });

  /** Restarts pagos (and its sidecar, so daprd reads its subscriptions again) with `variables` added, or as defined. */
  async function reiniciarPagos(variables?: Record<string, string>): Promise<void> {
    pagosReconfigurado = !!variables;
    await s.entorno.supervisor.reiniciar(NOMBRES.appIds.pagos, variables);
    await s.entorno.supervisor.reiniciar(`daprd-${NOMBRES.appIds.pagos}`);
  }

  const intentar = (r: pagos.SolicitarPagoRequest): Promise<Desenlace> =>
    llamar(s.pagos, s.pagos.solicitarPago, r, 120_000).then(
      (x) => ({ pago: x.pago! }),
      (e: grpc.ServiceError) => ({ codigo: e.code, detalle: e.details }),
    );

  /** A request of `influencer` (each test has its own, so listing by it finds only that test's pagos). */
  const solicitud = (influencer: string, clave: string, unidades = 150_000n): pagos.SolicitarPagoRequest => ({
    claveIdempotencia: clave,
    idInfluencer: influencer,
    idPrograma: 'programa-agrupado',
    referencia: 'comision-agrupada',
    monto: { moneda: 'COP', unidadesMenores: unidades },
  });

  async function pagosDe(
    influencer: string,
    estado = EstadoPago.ESTADO_PAGO_UNSPECIFIED,
  ): Promise<pagos.Pago[]> {
    const r = await llamar(s.pagos, s.pagos.listarPagos, {
      estado,
      idInfluencer: influencer,
      pageSize: 500,
      pageToken: '',
    });
    expect(r.nextPageToken, 'one page holds them all').to.equal('');
    return r.pagos;
  }

  async function esperarPagados(influencer: string, n: number): Promise<void> {
    let pagados = 0;
    await esperarHasta(
      () => `${n} pagos of ${influencer} PAGADO (last: ${pagados})`,
      async () => (pagados = (await pagosDe(influencer, EstadoPago.ESTADO_PAGO_PAGADO)).length) === n,
      300_000,
      500,
    );
  }

  /** Sum of the samples of `nombre` whose labels include every `filtro` (label="value"), from a /metrics. */
  async function metrica(puerto: number, nombre: string, ...filtros: string[]): Promise<number> {
    const texto = await (await fetch(`http://127.0.0.1:${puerto}/metrics`)).text();
    return texto
      .split('\n')
      .filter((l) => l.startsWith(`${nombre}{`) || l.startsWith(`${nombre} `))
      .filter((l) => filtros.every((f) => l.includes(f)))
      .reduce((suma, l) => suma + Number(l.split(' ').at(-1)), 0);
  }
  const dePagos = (nombre: string, ...filtros: string[]) =>
    metrica(s.entorno.puertos.pagosMetricas, nombre, ...filtros);
  /** PagoSolicitado deliveries liquidacion answered (any reply). */
  const entregasALiquidacion = () =>
    metrica(
      s.entorno.puertos.liquidacionMetricas,
      'liquidacion_entregas_total',
      'topico="pagos-solicitados"',
    );

  /** The PSP ledger's transfers by id_pago, for `ids`. */
  async function transferenciasPorPago(ids: Set<string>): Promise<Map<string, number>> {
    const porPago = new Map<string, number>();
    for (const t of await s.pasarela.transferencias()) {
      if (ids.has(t.id_pago)) porPago.set(t.id_pago, (porPago.get(t.id_pago) ?? 0) + 1);
    }
    return porPago;
  }

  it('200 claves distintas a la vez, 20 repeticiones de una y 5 de otra ya pedida con otro contenido: un pago por clave, PAGADO con una transferencia y un solo PagoSolicitado', async () => {
    await s.pasarela.reiniciar();
    const influencer = `inf-grupo-${randomUUID().slice(0, 8)}`;
    const previa = solicitud(influencer, `previa-${randomUUID()}`);
    const pagoPrevio = (await llamar(s.pagos, s.pagos.solicitarPago, previa)).pago!;
    await esperarPagados(influencer, 1); // its event is delivered before the counters are read
    const antes = {
      creados: await dePagos('pagos_solicitados_total', 'resultado="creado"'),
      repetidos: await dePagos('pagos_solicitados_total', 'resultado="repetido"'),
      agrupados: await dePagos('pagos_por_lote_sum'),
      sentencias: await dePagos('pagos_por_lote_count'),
      publicados: await dePagos('outbox_publicados_total'),
      entregas: await entregasALiquidacion(),
    };

    const distintas = Array.from({ length: 200 }, (_, i) =>
      solicitud(influencer, `distinta-${i}-${randomUUID()}`, 100_000n + BigInt(i)),
    );
    const repetida = solicitud(influencer, `repetida-${randomUUID()}`);
    const otroContenido = (i: number) => ({
      ...previa,
      monto: { moneda: 'COP', unidadesMenores: 1n + BigInt(i) },
    });
    // mixed in: a repetition after every 10th distinct request, another content after every 40th
    type Pedido = readonly ['distinta' | 'repetida' | 'conflicto', pagos.SolicitarPagoRequest];
    const pedidos = distintas.flatMap((r, i): Pedido[] => [
      ['distinta', r],
      ...(i % 10 === 0 ? [['repetida', repetida] as const] : []),
      ...(i % 40 === 0 ? [['conflicto', otroContenido(i)] as const] : []),
    ]);
    const desenlaces = await Promise.all(pedidos.map(([, r]) => intentar(r)));
    const de = (tipo: string) => desenlaces.filter((_, i) => pedidos[i]![0] === tipo);

    const creados = de('distinta');
    expect(
      creados.filter((d) => !esPago(d)),
      'every distinct request accepted',
    ).to.deep.equal([]);
    const pagosCreados = creados.map((d) => (d as { pago: pagos.Pago }).pago);
    expect(pagosCreados.map((p) => p.claveIdempotencia)).to.deep.equal(
      distintas.map((r) => r.claveIdempotencia),
    );
    expect(pagosCreados.every((p) => p.estado === EstadoPago.ESTADO_PAGO_SOLICITADO)).to.equal(true);
    const repetidos = de('repetida');
    expect(repetidos).to.have.length(20);
    expect(
      repetidos.filter((d) => !esPago(d)),
      'every repetition answered with the pago',
    ).to.deep.equal([]);
    const idRepetida = new Set(repetidos.map((d) => (d as { pago: pagos.Pago }).pago.id));
    expect(idRepetida.size, 'one pago for the repeated key').to.equal(1);
    const conflictos = de('conflicto');
    expect(conflictos).to.have.length(5);
    for (const d of conflictos) {
      expect(d).to.include({ codigo: grpc.status.ALREADY_EXISTS });
      expect((d as { detalle: string }).detalle).to.include(pagoPrevio.id);
    }
    const ids = new Set([pagoPrevio.id, ...idRepetida, ...pagosCreados.map((p) => p.id)]);
    expect(ids.size, 'one pago per key').to.equal(202);

    // creado=false for all repetitions but the first; every accepted request went through a group
    expect((await dePagos('pagos_solicitados_total', 'resultado="creado"')) - antes.creados).to.equal(201);
    expect((await dePagos('pagos_solicitados_total', 'resultado="repetido"')) - antes.repetidos).to.equal(19);
    const agrupados = (await dePagos('pagos_por_lote_sum')) - antes.agrupados;
    const sentencias = (await dePagos('pagos_por_lote_count')) - antes.sentencias;
    expect(agrupados, 'every valid request through the group commit').to.equal(225);
    expect(sentencias, 'fewer statements than requests: requests shared groups').to.be.below(agrupados);

    await esperarPagados(influencer, 202);
    const guardados = await pagosDe(influencer);
    expect(new Set(guardados.map((p) => p.id)), 'nothing stored but one pago per key').to.deep.equal(ids);
    expect(guardados.find((p) => p.id === pagoPrevio.id)!.monto!.unidadesMenores).to.equal(150_000n);

    const libro = await transferenciasPorPago(ids);
    expect(libro.size, 'every pago paid').to.equal(202);
    expect(
      [...libro.values()].every((n) => n === 1),
      'each paid once',
    ).to.equal(true);
    for (const id of ids) {
      const { liquidacion: l } = await llamar(s.liquidacion, s.liquidacion.obtenerLiquidacion, {
        idPago: id,
      });
      expect(l!.estado, id).to.equal(EstadoLiquidacion.ESTADO_LIQUIDACION_EXITOSA);
      expect(
        l!.intentos.map((i) => i.resultado),
        id,
      ).to.deep.equal([ResultadoIntento.RESULTADO_INTENTO_EXITOSO]);
    }
    // one PagoSolicitado per new pago: published once by pagos, delivered once to liquidacion
    await esperarHasta(
      'liquidacion answered every PagoSolicitado',
      async () => (await entregasALiquidacion()) - antes.entregas >= 201,
      60_000,
      200,
    );
    expect((await entregasALiquidacion()) - antes.entregas, 'PagoSolicitado delivered').to.equal(201);
    expect(
      (await dePagos('outbox_publicados_total')) - antes.publicados,
      'PagoSolicitado published',
    ).to.equal(201);
  });

  it('con Postgres detenido, una ráfaga más allá de MAXIMO_PAGOS_EN_ESPERA: el exceso recibe RESOURCE_EXHAUSTED al instante, con su motivo, y no guarda nada', async () => {
    // one group of 10 in flight (stalled with Postgres) and 10 more waiting: capacity 20, the rest refused
    const enEspera = 10;
    await reiniciarPagos({
      VENTANA_AGRUPACION_MS: '1000', // a group closes by size, not by the clock
      MAXIMO_PAGOS_POR_LOTE: String(enEspera),
      MAXIMO_PAGOS_EN_ESPERA: String(enEspera),
      MAXIMO_LOTES_EN_CURSO: '1',
    });
    await s.pasarela.reiniciar();
    const influencer = `inf-rafaga-${randomUUID().slice(0, 8)}`;
    const pedidos = Array.from({ length: 50 }, (_, i) =>
      solicitud(influencer, `rafaga-${i}-${randomUUID()}`),
    );
    const respuestas: (Desenlace | undefined)[] = [];
    const { supervisor } = s.entorno;
    let todas: Promise<unknown> = Promise.resolve();
    supervisor.pausar('postgres');
    try {
      todas = Promise.all(pedidos.map((r, i) => intentar(r).then((d) => (respuestas[i] = d))));
      await esperarHasta(
        'the excess answered while Postgres stalls',
        () => respuestas.filter(Boolean).length >= 50 - 2 * enEspera,
        60_000,
        50,
      );
      expect(
        respuestas.filter(esPago),
        'no accepted request answered before its group commits',
      ).to.deep.equal([]);
    } finally {
      supervisor.reanudar('postgres');
    }
    await todas;
    const aceptados = pedidos.filter((_, i) => esPago(respuestas[i]));
    const rechazados = respuestas.filter((d) => !esPago(d));
    expect(aceptados, 'one group in flight + MAXIMO_PAGOS_EN_ESPERA waiting').to.have.length(2 * enEspera);
    expect(rechazados).to.have.length(50 - 2 * enEspera);
    for (const d of rechazados) {
      expect(d).to.deep.equal({
        codigo: grpc.status.RESOURCE_EXHAUSTED,
        detalle: `solicitudes de pago: ${enEspera} en espera, el máximo; reintente más tarde`,
      });
    }
    // the restarted pagos counts from 0
    expect(await dePagos('pagos_solicitudes_rechazadas_total', 'motivo="saturado"')).to.equal(
      rechazados.length,
    );
    expect(await dePagos('pagos_por_lote_count')).to.equal(2);
    expect(await dePagos('pagos_por_lote_sum')).to.equal(20);

    const guardados = await pagosDe(influencer);
    expect(guardados.map((p) => p.claveIdempotencia).sort(), 'only the accepted are stored').to.deep.equal(
      aceptados.map((r) => r.claveIdempotencia).sort(),
    );
    // the refused ones sent again, one full group at a time (a full group does not wait for its window),
    // are new pagos (creado): nothing of theirs was kept
    const otraVez = pedidos.filter((_, i) => !esPago(respuestas[i]));
    for (let i = 0; i < otraVez.length; i += enEspera) {
      const grupo = await Promise.all(otraVez.slice(i, i + enEspera).map(intentar));
      expect(
        grupo.filter((d) => !esPago(d)),
        'accepted once Postgres keeps up',
      ).to.deep.equal([]);
    }
    expect(await dePagos('pagos_solicitados_total', 'resultado="creado"')).to.equal(50);
    expect(await dePagos('pagos_solicitados_total', 'resultado="repetido"')).to.equal(0);
    await esperarPagados(influencer, 50);
    const libro = await transferenciasPorPago(new Set((await pagosDe(influencer)).map((p) => p.id)));
    expect([libro.size, [...libro.values()].every((n) => n === 1)], 'each paid once').to.deep.equal([
      50,
      true,
    ]);
  });
});
