import { expect } from 'chai';
import { TOPICOS } from '@alpes/contratos';
import { ErrorConcurrencia, Monto, type Transaccion } from '@alpes/seedwork';
import { Pago, SolicitudPago } from '../../src/dominio';
import { RepositorioPagosKnex } from '../../src/infraestructura/repositorio-pagos-knex';
import { entornoPagos, filasOutbox, type EntornoPagos } from '../apoyo/entorno-bd';
import { AHORA, datosSolicitud, unPago } from '../apoyo/madres';

describe('RepositorioPagosKnex (Postgres real)', function () {
  this.timeout(30_000);
  let e: EntornoPagos;
  let repo: RepositorioPagosKnex;
  const enTx = <T>(fn: (tx: Transaccion) => Promise<T>) => e.contenedor.cradle.unidadDeTrabajo.ejecutar(fn);

  before(async () => {
    e = await entornoPagos();
    repo = new RepositorioPagosKnex(e.contenedor.cradle.knex); // the service role (DML only)
  });
  after(async () => {
    await e?.cerrar();
  });

  it('guarda y recupera un pago con su monto exacto, su historia y su versión', async () => {
    const pago = Pago.solicitar(
      crypto.randomUUID(),
      SolicitudPago.de(datosSolicitud({ monto: { moneda: 'USD', unidadesMenores: 2n ** 63n - 1n } })),
      'corr-9',
      AHORA,
    );
    await enTx((tx) => repo.guardar(tx, pago));
    expect(pago.version).to.equal(1);
    const leido = await enTx((tx) => repo.porId(tx, pago.id));
    expect(leido!.instantanea()).to.deep.equal(pago.instantanea());
    expect(leido!.instantanea().monto).to.deep.equal(Monto.de('USD', 9223372036854775807n));
    const porClave = await enTx((tx) => repo.porClaveIdempotencia(tx, pago.instantanea().claveIdempotencia));
    expect(porClave!.id).to.equal(pago.id);
  });

  it('agregarSiClaveLibre guarda pago, historia y evento en una sentencia; con la clave tomada no escribe nada y devuelve el pago que la tiene', async () => {
    const datos = datosSolicitud();
    const primero = Pago.solicitar(crypto.randomUUID(), SolicitudPago.de(datos), 'c', AHORA);
    const segundo = Pago.solicitar(crypto.randomUUID(), SolicitudPago.de(datos), 'c', AHORA);
    expect(await repo.agregarSiClaveLibre(primero)).to.deep.equal({ agregado: true });
    expect(primero.version).to.equal(1);
    expect(primero.eventosPendientes).to.have.length(0);
    const tomada = await repo.agregarSiClaveLibre(segundo);
    expect(tomada.agregado).to.equal(false);
    expect(!tomada.agregado && tomada.existente.instantanea()).to.deep.equal(primero.instantanea());
    expect(segundo.eventosPendientes).to.have.length(1);
    const leido = await enTx((tx) => repo.porId(tx, primero.id));
    expect(leido!.instantanea()).to.deep.equal(primero.instantanea());
    expect(await e.bd.knex('pagos').where({ id: segundo.id })).to.have.length(0);
    const eventos = (await filasOutbox(e.bd)).filter((f) =>
      [primero.id, segundo.id].includes(f.datos.idPago),
    );
    expect(eventos.map((f) => f.datos.idPago)).to.deep.equal([primero.id]);
  });

  it('escribe el PagoSolicitado en el outbox en la misma transacción', async () => {
    const pago = unPago();
    await enTx((tx) => repo.guardar(tx, pago));
    const filas = (await filasOutbox(e.bd)).filter((f) => f.datos.idPago === pago.id);
    expect(filas).to.have.length(1);
    expect(filas[0]).to.include({
      topico: TOPICOS.pagosSolicitados,
      tipo: 'alpespartners.eventos.v1.PagoSolicitado',
      clave_particion: pago.id, // a pago's rounds share a partition of a partitioned topic
    });
    expect(filas[0].datos).to.deep.include({
      idPago: pago.id,
      idInfluencer: 'inf-1',
      intento: 1,
      monto: { moneda: 'COP', unidadesMenores: '150000' },
      idCorrelacion: 'corr-1',
    });
  });

  it('si la transacción se deshace no queda ni el pago ni su evento', async () => {
    const pago = unPago();
    await enTx(async (tx) => {
      await repo.guardar(tx, pago);
      throw new Error('algo falló después');
    }).catch(() => undefined);
    expect(await e.bd.knex('pagos').where({ id: pago.id }).first()).to.equal(undefined);
    expect((await filasOutbox(e.bd)).filter((f) => f.datos.idPago === pago.id)).to.have.length(0);
  });

  it('concurrencia optimista: el segundo escritor de la misma versión pierde con ErrorConcurrencia', async () => {
    const pago = unPago();
    await enTx((tx) => repo.guardar(tx, pago));
    const a = (await enTx((tx) => repo.porId(tx, pago.id)))!;
    const b = (await enTx((tx) => repo.porId(tx, pago.id)))!;
    a.marcarPagado('psp-1', AHORA);
    b.marcarFallido('agotado', AHORA);
    await enTx((tx) => repo.guardar(tx, a));
    let error: unknown;
    await enTx((tx) => repo.guardar(tx, b)).catch((err) => (error = err));
    expect(error).to.be.instanceOf(ErrorConcurrencia);
    const final = (await enTx((tx) => repo.porId(tx, pago.id)))!;
    expect(final.estado).to.equal('PAGADO');
    expect(final.version).to.equal(2);
    expect(final.historial.map((t) => t.hacia)).to.deep.equal(['SOLICITADO', 'PAGADO']);
  });

  it('un reintento escribe un PagoSolicitado nuevo (otro id de evento) con intento 2', async () => {
    const pago = unPago();
    await enTx((tx) => repo.guardar(tx, pago));
    await enTx(async (tx) => {
      const p = (await repo.porId(tx, pago.id))!;
      p.marcarFallido('agotado', AHORA);
      await repo.guardar(tx, p);
    });
    await enTx(async (tx) => {
      const p = (await repo.porId(tx, pago.id))!;
      p.reintentar(AHORA);
      await repo.guardar(tx, p);
    });
    const filas = (await filasOutbox(e.bd)).filter((f) => f.datos.idPago === pago.id);
    expect(filas.map((f) => f.datos.intento)).to.deep.equal([1, 2]);
    expect(filas[0].id).to.not.equal(filas[1].id);
    const historial = await e.bd.knex('pagos_historial').where({ id_pago: pago.id }).orderBy('orden');
    expect(historial.map((h) => [h.orden, h.desde, h.hacia])).to.deep.equal([
      [0, null, 'SOLICITADO'],
      [1, 'SOLICITADO', 'FALLIDO'],
      [2, 'FALLIDO', 'SOLICITADO'],
    ]);
  });

  it('una clave de idempotencia ya guardada hace fallar el insert con ErrorConcurrencia', async () => {
    const datos = datosSolicitud();
    const primero = Pago.solicitar(crypto.randomUUID(), SolicitudPago.de(datos), 'c', AHORA);
    const segundo = Pago.solicitar(crypto.randomUUID(), SolicitudPago.de(datos), 'c', AHORA);
    await enTx((tx) => repo.guardar(tx, primero));
    let error: unknown;
    await enTx((tx) => repo.guardar(tx, segundo)).catch((err) => (error = err));
    expect(error).to.be.instanceOf(ErrorConcurrencia);
    expect((error as ErrorConcurrencia).campo).to.equal('clave_idempotencia');
    expect(await e.bd.knex('pagos').where({ id: segundo.id }).first()).to.equal(undefined);
  });
});
