// The group commit's statement as pagos' package entry exports it (for the bench): built from plain
// requests, it must write what SolicitarPago's group commit writes, so tools measure pagos' real write.
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { ErrorDominio } from '@alpes/seedwork';
import { sentenciaAltaPorLote, type SolicitudAlta } from '../../src';
import { entornoPagos, filasOutbox, type EntornoPagos } from '../apoyo/entorno-bd';
import { datosSolicitud } from '../apoyo/madres';

describe('la sentencia de alta agrupada que exporta pagos (Postgres real)', function () {
  this.timeout(60_000);
  let e: EntornoPagos;

  before(async () => {
    e = await entornoPagos();
  });
  after(async () => {
    await e?.cerrar();
  });

  const traza = `00-${'ab'.repeat(16)}-${'cd'.repeat(8)}-01`;
  const solicitud = (i: number): SolicitudAlta => ({
    ...datosSolicitud(),
    id: randomUUID(),
    idCorrelacion: `c-${i}`,
    traceparent: traza,
  });

  it('con el rol del servicio escribe pagos que SolicitarPago reconoce como suyos y el mismo PagoSolicitado', async () => {
    const { knex, solicitarPago } = e.contenedor.cradle; // the service role's pool
    const solicitudes = [0, 1, 2].map(solicitud);
    const { sql, valores } = sentenciaAltaPorLote(solicitudes);
    const { rows } = await knex.raw(sql, valores as never[]);
    expect((rows as { id: string }[]).map((f) => f.id).sort()).to.deep.equal(
      solicitudes.map((s) => s.id).sort(),
    );
    // the same requests through the service: found, not created (same key, same payload)
    for (const { id: _id, traceparent: _t, ...pedido } of solicitudes) {
      const r = await solicitarPago(pedido);
      expect(r.creado).to.equal(false);
      expect(r.pago.historial.map((t) => t.hacia)).to.deep.equal(['SOLICITADO']);
    }
    const conflicto = await solicitarPago({
      ...solicitudes[0]!,
      monto: { moneda: 'COP', unidadesMenores: 1n },
    }).catch((x: ErrorDominio) => x);
    expect((conflicto as ErrorDominio).tipo).to.equal('conflicto');
    // its outbox row is the one the service writes for the same request, with the caller's trace
    const propio = await solicitarPago({ ...datosSolicitud(), idCorrelacion: 'c-0' });
    const outbox = await filasOutbox(e.bd);
    const sinIds = (f: { topico: string; tipo: string; datos: Record<string, unknown> }) => {
      const { idPago: _p, solicitadoEn: _s, ...datos } = f.datos;
      return { topico: f.topico, tipo: f.tipo, datos };
    };
    const exportada = outbox.find((f) => f.datos.idPago === solicitudes[0]!.id)!;
    const servicio = outbox.find((f) => f.datos.idPago === propio.pago.id)!;
    expect(outbox.filter((f) => f.datos.idPago === solicitudes[0]!.id)).to.have.length(1);
    expect(sinIds(exportada)).to.deep.equal(sinIds(servicio));
    expect(exportada.traceparent).to.equal(traza);
    expect(exportada.id_correlacion).to.equal('c-0');
    // the same keys again (new ids): nothing written
    const otraVez = sentenciaAltaPorLote(solicitudes.map((s) => ({ ...s, id: randomUUID() })));
    expect(otraVez.sql).to.equal(sql);
    expect((await knex.raw(otraVez.sql, otraVez.valores as never[])).rows).to.have.length(0);
    expect(await e.contar('pagos')).to.equal(4);
    expect(await e.contar('outbox')).to.equal(4);
  });

  it('una solicitud inválida se rechaza nombrando su campo, antes de construir la sentencia', () => {
    const mala = { ...solicitud(0), monto: { moneda: 'COP', unidadesMenores: 0n } };
    let error: unknown;
    try {
      sentenciaAltaPorLote([solicitud(1), mala]);
    } catch (x) {
      error = x;
    }
    expect(error).to.be.instanceOf(ErrorDominio);
    expect((error as ErrorDominio).campo).to.equal('monto.unidades_menores');
  });
});
