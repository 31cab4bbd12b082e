import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import {
  conContexto,
  ErrorDominio,
  RelojSistema,
  type GeneradorIds,
  type OpcionesAgrupacion,
} from '@alpes/seedwork';
import { solicitarPago, type SolicitarPago } from '../../src/aplicacion/comandos/solicitar-pago';
import { RepositorioPagosKnex } from '../../src/infraestructura/repositorio-pagos-knex';
import { entornoPagos, filasOutbox, type EntornoPagos } from '../apoyo/entorno-bd';
import { datosSolicitud } from '../apoyo/madres';

// Group commit of SolicitarPago on the real Postgres. Rows written by one statement share their xmin (the
// id of the transaction that wrote them): that is how these tests see one commit per group.

/** Ids from a list (then random): lets a test give one request an id Postgres will refuse. */
class IdsDados implements GeneradorIds {
  constructor(private readonly ids: string[]) {}
  nuevo(): string {
    return this.ids.shift() ?? randomUUID();
  }
}

/** How a settled promise ended. */
const desenlace = <T>(p: Promise<T>) =>
  p.then(
    (valor) => ({ valor, error: undefined }),
    (error: ErrorDominio & { code?: string }) => ({ valor: undefined, error }),
  );

describe('SolicitarPago agrupado: varias solicitudes, una sentencia y un commit (Postgres real)', function () {
  this.timeout(60_000);
  let e: EntornoPagos;
  const repositorios: RepositorioPagosKnex[] = [];

  before(async () => {
    e = await entornoPagos();
  });
  after(async () => {
    await Promise.all(repositorios.map((r) => r.cerrar()));
    await e?.cerrar();
  });

  /** SolicitarPago on its own repository (service role) grouping with `opciones`. */
  function solicitador(opciones: Partial<OpcionesAgrupacion> = {}, generadorIds?: GeneradorIds) {
    const repositorio = new RepositorioPagosKnex(e.contenedor.cradle.knex, {
      ventanaMs: 1_000, // long: groups here are closed by size (or by cerrar), never by the clock
      maximoPorLote: 1_000,
      maximoLotesEnCurso: 1,
      maximoEnEspera: 10_000,
      ...opciones,
    });
    repositorios.push(repositorio);
    const solicitar = solicitarPago({
      repositorio,
      reloj: new RelojSistema(),
      generadorIds: generadorIds ?? { nuevo: randomUUID },
    });
    return { repositorio, solicitar };
  }

  const filasDe = (tabla: string, columna: string, valores: string[]) =>
    e.bd.knex(tabla).whereIn(columna, valores).select('*', e.bd.knex.raw('xmin::text AS xmin'));
  const outboxDe = async (ids: string[]) =>
    (await filasOutbox(e.bd)).filter((f) => ids.includes(f.datos.idPago));

  it('muchas solicitudes distintas a la vez: todas creadas con una fila de pago, historia y outbox cada una, en un solo commit', async () => {
    const { solicitar } = solicitador({ maximoPorLote: 60 });
    const pedidos = Array.from({ length: 60 }, (_, i) => ({ ...datosSolicitud(), idCorrelacion: `c-${i}` }));
    const resultados = await Promise.all(pedidos.map((p) => solicitar(p)));
    expect(resultados.every((r) => r.creado)).to.equal(true);
    const ids = resultados.map((r) => r.pago.id);
    expect(new Set(ids).size).to.equal(60);
    resultados.forEach((r, i) => expect(r.pago.claveIdempotencia).to.equal(pedidos[i]!.claveIdempotencia));
    const pagos = await filasDe('pagos', 'id', ids);
    expect(pagos).to.have.length(60);
    expect(new Set(pagos.map((f) => f.xmin)).size, 'transacciones').to.equal(1);
    const historial = await filasDe('pagos_historial', 'id_pago', ids);
    expect(historial.map((h) => `${h.id_pago}:${h.orden}:${h.hacia}`).sort()).to.deep.equal(
      ids.map((id) => `${id}:0:SOLICITADO`).sort(),
    );
    const outbox = await outboxDe(ids);
    expect(outbox.map((f) => f.datos.idPago).sort()).to.deep.equal([...ids].sort());
    expect(outbox.map((f) => f.id_correlacion)).to.deep.equal(pedidos.map((p) => p.idCorrelacion));
  });

  it('la misma solicitud repetida dentro de un grupo: un pago, el mismo id para todos, un solo evento', async () => {
    const { solicitar } = solicitador({ maximoPorLote: 20 });
    const datos = datosSolicitud();
    const resultados = await Promise.all(
      Array.from({ length: 20 }, (_, i) => solicitar({ ...datos, idCorrelacion: `c-${i}` })),
    );
    expect(new Set(resultados.map((r) => r.pago.id)).size).to.equal(1);
    expect(resultados.map((r) => r.creado)).to.deep.equal([true, ...Array(19).fill(false)]);
    const [id] = [resultados[0]!.pago.id];
    expect(await e.bd.knex('pagos').where({ clave_idempotencia: datos.claveIdempotencia })).to.have.length(1);
    expect(await e.bd.knex('pagos_historial').where({ id_pago: id })).to.have.length(1);
    expect(await outboxDe([id])).to.have.length(1);
  });

  it('la misma clave con otro contenido dentro de un grupo: gana la primera en llegar, las demás son conflicto y no guardan nada', async () => {
    const { solicitar } = solicitador({ maximoPorLote: 4 });
    const datos = datosSolicitud();
    const resultados = await Promise.all(
      [100n, 200n, 300n, 400n].map((unidades) =>
        desenlace(
          solicitar({ ...datos, monto: { moneda: 'COP', unidadesMenores: unidades }, idCorrelacion: 'c' }),
        ),
      ),
    );
    expect(resultados[0]!.valor?.creado).to.equal(true);
    expect(resultados[0]!.valor?.pago.monto.unidadesMenores).to.equal(100n);
    for (const r of resultados.slice(1)) {
      expect([r.error?.tipo, r.error?.campo]).to.deep.equal(['conflicto', 'clave_idempotencia']);
    }
    const pagos = await e.bd.knex('pagos').where({ clave_idempotencia: datos.claveIdempotencia });
    expect(pagos.map((p) => p.unidades_menores)).to.deep.equal(['100']);
    expect(await outboxDe([pagos[0].id])).to.have.length(1);
  });

  it('claves ya guardadas en medio de un grupo: la repetida recibe su pago, la de otro contenido conflicto, los vecinos se crean en el mismo commit', async () => {
    const { solicitar } = solicitador({ maximoPorLote: 10 });
    const previaIgual = datosSolicitud();
    const previaOtra = datosSolicitud();
    const [igual, otra] = await Promise.all([
      solicitador({ ventanaMs: 0 }).solicitar({ ...previaIgual, idCorrelacion: 'antes' }),
      solicitador({ ventanaMs: 0 }).solicitar({ ...previaOtra, idCorrelacion: 'antes' }),
    ]);
    const pedidos = Array.from({ length: 10 }, (_, i) => ({ ...datosSolicitud(), idCorrelacion: `c-${i}` }));
    pedidos[3] = { ...previaIgual, idCorrelacion: 'c-3' };
    pedidos[6] = { ...previaOtra, referencia: 'otra referencia', idCorrelacion: 'c-6' };
    const resultados = await Promise.all(pedidos.map((p) => desenlace(solicitar(p))));
    expect(resultados[3]!.valor).to.include({ creado: false });
    expect(resultados[3]!.valor!.pago.id).to.equal(igual!.pago.id);
    expect([resultados[6]!.error?.tipo, resultados[6]!.error?.campo]).to.deep.equal([
      'conflicto',
      'clave_idempotencia',
    ]);
    const vecinos = resultados.filter((_, i) => i !== 3 && i !== 6);
    expect(vecinos.map((r) => r.valor?.creado)).to.deep.equal(Array(8).fill(true));
    const ids = vecinos.map((r) => r.valor!.pago.id);
    expect(new Set((await filasDe('pagos', 'id', ids)).map((f) => f.xmin)).size, 'transacciones').to.equal(1);
    expect(await outboxDe(ids)).to.have.length(8);
    expect(await outboxDe([igual!.pago.id, otra!.pago.id]), 'sin eventos de más').to.have.length(2);
  });

  it('una fila que Postgres rechaza (id repetido, id que no es un uuid) falla solo a su llamador; sus vecinos se crean', async () => {
    const existente = (
      await solicitador({ ventanaMs: 0 }).solicitar({ ...datosSolicitud(), idCorrelacion: 'a' })
    ).pago;
    const ids: string[] = Array.from({ length: 8 }, () => randomUUID());
    ids[2] = existente.id; // the primary key, not the idempotency key: ON CONFLICT does not cover it
    ids[5] = 'no-es-un-uuid';
    const { solicitar } = solicitador({ maximoPorLote: 8 }, new IdsDados([...ids]));
    const pedidos = Array.from({ length: 8 }, (_, i) => ({ ...datosSolicitud(), idCorrelacion: `c-${i}` }));
    const resultados = await Promise.all(pedidos.map((p) => desenlace(solicitar(p))));
    expect(resultados[2]!.error?.code, 'id repetido').to.equal('23505');
    expect(resultados[5]!.error?.code, 'uuid inválido').to.equal('22P02');
    const vecinos = resultados.filter((_, i) => i !== 2 && i !== 5);
    expect(vecinos.map((r) => r.valor?.creado)).to.deep.equal(Array(6).fill(true));
    expect(vecinos.map((r) => r.valor!.pago.id)).to.deep.equal(ids.filter((_, i) => i !== 2 && i !== 5));
    const claves = pedidos.map((p) => p.claveIdempotencia!);
    const guardados = await e.bd.knex('pagos').whereIn('clave_idempotencia', claves);
    expect(guardados.map((p) => p.clave_idempotencia).sort()).to.deep.equal(
      claves.filter((_, i) => i !== 2 && i !== 5).sort(),
    );
    expect(await outboxDe(ids.filter((_, i) => i !== 5))).to.have.length(7); // the 6 and the existing one
  });

  it('dos grupos a la vez con las mismas claves en orden inverso: un pago por clave y ninguna llamada falla', async () => {
    const { solicitar } = solicitador({ maximoPorLote: 30, maximoLotesEnCurso: 2 });
    const pedidos = Array.from({ length: 30 }, (_, i) => ({ ...datosSolicitud(), idCorrelacion: `c-${i}` }));
    const resultados = await Promise.all([...pedidos, ...[...pedidos].reverse()].map((p) => solicitar(p)));
    expect(resultados.filter((r) => r.creado)).to.have.length(30);
    const porClave = new Map<string, Set<string>>();
    for (const r of resultados) {
      porClave.set(
        r.pago.claveIdempotencia,
        (porClave.get(r.pago.claveIdempotencia) ?? new Set()).add(r.pago.id),
      );
    }
    expect([...porClave.values()].every((ids) => ids.size === 1)).to.equal(true);
    expect(porClave.size).to.equal(30);
  });

  it('el outbox de un pago agrupado es el mismo que el de un pago escrito solo, con la traza de su propia llamada', async () => {
    const { solicitar: agrupado } = solicitador({ maximoPorLote: 2 });
    const { solicitar: solo } = solicitador({ ventanaMs: 0 });
    const traza = (n: number) => `00-${String(n).padStart(32, '0')}-${'0'.repeat(15)}${n}-01`;
    const pedido = (clave: string): SolicitarPago => ({
      ...datosSolicitud({ claveIdempotencia: clave }),
      idCorrelacion: 'c',
    });
    const [a, b] = await Promise.all([
      conContexto({ traceparent: traza(1) }, () => agrupado(pedido(`k-${randomUUID()}`))),
      conContexto({ traceparent: traza(2) }, () => agrupado(pedido(`k-${randomUUID()}`))),
    ]);
    const c = await conContexto({ traceparent: traza(3) }, () => solo(pedido(`k-${randomUUID()}`)));
    const filas = await outboxDe([a.pago.id, b.pago.id, c.pago.id]);
    const sinIds = (f: Record<string, unknown> & { datos: Record<string, unknown> }) => {
      const { idPago: _p, solicitadoEn: _s, ...datos } = f.datos;
      return { topico: f.topico, tipo: f.tipo, id_correlacion: f.id_correlacion, datos };
    };
    const porPago = new Map(filas.map((f) => [f.datos.idPago as string, f]));
    expect(sinIds(porPago.get(a.pago.id)!)).to.deep.equal(sinIds(porPago.get(c.pago.id)!));
    expect(Object.keys(porPago.get(a.pago.id)!.datos)).to.deep.equal(
      Object.keys(porPago.get(c.pago.id)!.datos),
    );
    expect(porPago.get(a.pago.id)!.datos.solicitadoEn).to.equal(a.pago.creadoEn.toISOString());
    expect([a, b, c].map((r) => porPago.get(r.pago.id)!.traceparent)).to.deep.equal([
      traza(1),
      traza(2),
      traza(3),
    ]);
    expect([a, b, c].map((r) => porPago.get(r.pago.id)!.clave_particion)).to.deep.equal(
      [a, b, c].map((r) => r.pago.id),
    );
  });

  it('cerrar escribe al instante lo que esperaba a su grupo, y después rechaza con saturación', async () => {
    const { solicitar, repositorio } = solicitador({ ventanaMs: 60_000 });
    const pendientes = [1, 2, 3].map((i) => solicitar({ ...datosSolicitud(), idCorrelacion: `c-${i}` }));
    await repositorio.cerrar();
    const resultados = await Promise.all(pendientes);
    expect(resultados.every((r) => r.creado)).to.equal(true);
    expect(
      await filasDe(
        'pagos',
        'id',
        resultados.map((r) => r.pago.id),
      ),
    ).to.have.length(3);
    const tarde = await desenlace(solicitar({ ...datosSolicitud(), idCorrelacion: 'tarde' }));
    expect(tarde.error?.name).to.equal('ErrorSaturacion');
  });

  it('con la ventana en 0 no se agrupa: cada solicitud es su propia transacción', async () => {
    const { solicitar } = solicitador({ ventanaMs: 0 });
    const resultados = await Promise.all(
      Array.from({ length: 5 }, (_, i) => solicitar({ ...datosSolicitud(), idCorrelacion: `c-${i}` })),
    );
    const filas = await filasDe(
      'pagos',
      'id',
      resultados.map((r) => r.pago.id),
    );
    expect(new Set(filas.map((f) => f.xmin)).size).to.equal(5);
  });
});
