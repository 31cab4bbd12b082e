// liquidacion's results grouped across concurrent deliveries, on a real Postgres: what a group writes and
// costs, a bad row among good ones, the same event delivered concurrently, and a concurrent writer.
import { expect } from 'chai';
import type { Knex } from 'knex';
import { TOPICOS } from '@alpes/contratos';
import { RelojSistema, UnidadDeTrabajoKnex } from '@alpes/seedwork';
import type { RegistrarResultadoLiquidacion } from '../../src/aplicacion/comandos/registrar-resultado-liquidacion';
import { RepositorioPagosKnex } from '../../src/infraestructura/repositorio-pagos-knex';
import { entornoPagos, type EntornoPagos } from '../apoyo/entorno-bd';
import { datosSolicitud } from '../apoyo/madres';

describe('resultados de liquidación agrupados (Postgres real)', function () {
  this.timeout(60_000);
  let e: EntornoPagos;

  before(async () => {
    e = await entornoPagos();
  });
  after(async () => {
    await e?.cerrar();
  });

  let n = 0;
  const nuevoPago = async () =>
    (await e.contenedor.cradle.solicitarPago({ ...datosSolicitud(), idCorrelacion: 'c' })).pago.id;
  const resultado = (idPago: string, cambios: Partial<RegistrarResultadoLiquidacion> = {}) => ({
    idEvento: `ev-${++n}`,
    idPago,
    resultado: 'PAGADO' as const,
    referenciaPasarela: `psp-${n}`,
    motivo: '',
    intento: 1,
    ...cambios,
  });
  /** The statements `trabajo` sent through `knex` (the service's, unless said), BEGIN and COMMIT included. */
  const sentenciasDe = async (trabajo: () => Promise<unknown>, knex: Knex = e.contenedor.cradle.knex) => {
    const sentencias: string[] = [];
    const anotar = (consulta: { sql: string }) => sentencias.push(consulta.sql);
    knex.on('query', anotar);
    try {
      await trabajo();
    } finally {
      knex.off('query', anotar);
    }
    return sentencias;
  };
  const pago = (id: string) => e.bd.knex('pagos').where({ id }).first();
  const historial = (id: string) =>
    e.bd
      .knex('pagos_historial')
      .where({ id_pago: id })
      .orderBy('orden')
      .select('orden', 'desde', 'hacia', 'motivo');
  const inbox = (ids: string[]) => e.bd.knex('inbox').whereIn('id_evento', ids).select('id_evento');
  const outboxDe = (ids: string[]) => e.bd.knex('outbox').whereIn('clave_particion', ids);

  it('20 entregas concurrentes se aplican en una transacción de 5 sentencias, con las filas del camino de a uno', async () => {
    const { resultadosAgrupados, registrarResultadoLiquidacion } = e.contenedor.cradle;
    const ids = await Promise.all(Array.from({ length: 20 }, nuevoPago));
    const testigo = await nuevoPago();
    expect(
      await registrarResultadoLiquidacion(resultado(testigo, { referenciaPasarela: 'psp-igual' })),
    ).to.equal('aplicado');
    const cmds = ids.map((id) => resultado(id, { referenciaPasarela: 'psp-igual' }));
    let desenlaces: string[] = [];
    const sentencias = await sentenciasDe(async () => {
      desenlaces = await Promise.all(cmds.map((c) => resultadosAgrupados.registrar(c)));
    });
    expect(desenlaces).to.deep.equal(ids.map(() => 'aplicado'));
    // BEGIN, the inbox insert, the locking load, the one update (rows + history), COMMIT
    expect(sentencias, sentencias.join('\n')).to.have.length(5);
    expect(sentencias[0]).to.match(/^BEGIN/i);
    expect(sentencias[4]).to.match(/^COMMIT/i);
    const esperado = await pago(testigo);
    const sinIdentidad = (f: Record<string, unknown>) => {
      const {
        id: _i,
        secuencia: _s,
        clave_idempotencia: _c,
        referencia_pasarela: _r,
        creado_en: _e,
        actualizado_en: _a,
        ...resto
      } = f;
      return resto;
    };
    for (const id of ids) {
      const fila = await pago(id);
      expect(sinIdentidad(fila)).to.deep.equal(sinIdentidad(esperado));
      expect(fila).to.include({ estado: 'PAGADO', referencia_pasarela: 'psp-igual', version: 2 });
      expect(await historial(id)).to.deep.equal(await historial(testigo));
    }
    expect(await inbox(cmds.map((c) => c.idEvento))).to.have.length(20);
    // a result raises no outgoing event: each pago keeps only its PagoSolicitado
    expect(await outboxDe(ids)).to.have.length(20);
  });

  it('guardarVarios escribe las filas de outbox de sus eventos (un reintento) en la misma sentencia', async () => {
    const { knex, registrarResultadoLiquidacion } = e.contenedor.cradle;
    const ids = [await nuevoPago(), await nuevoPago()];
    for (const id of ids) {
      await registrarResultadoLiquidacion(resultado(id, { resultado: 'FALLIDO', motivo: 'agotado' }));
    }
    const repo = new RepositorioPagosKnex(knex);
    const unidad = new UnidadDeTrabajoKnex(knex);
    const ahora = new RelojSistema().ahora();
    const sentencias = await sentenciasDe(() =>
      unidad.ejecutar(async (tx) => {
        const pagos = await repo.porIds(tx, ids);
        for (const p of pagos.values()) p.reintentar(ahora);
        await repo.guardarVarios(tx, [...pagos.values()]);
      }),
    );
    expect(sentencias, sentencias.join('\n')).to.have.length(4);
    for (const id of ids) {
      expect(await pago(id)).to.include({ estado: 'SOLICITADO', intentos: 2, version: 3 });
      expect((await historial(id)).map((h) => h.hacia)).to.deep.equal([
        'SOLICITADO',
        'FALLIDO',
        'SOLICITADO',
      ]);
      const filas = await outboxDe([id]).orderBy('secuencia');
      expect(filas.map((f) => [f.topico, f.datos.intento ?? 1])).to.deep.equal([
        [TOPICOS.pagosSolicitados, 1],
        [TOPICOS.pagosSolicitados, 2],
      ]);
    }
  });

  it('un resultado con un dato que Postgres rechaza falla solo: sus vecinos del grupo se aplican', async () => {
    const { resultadosAgrupados } = e.contenedor.cradle;
    const ids = await Promise.all(Array.from({ length: 5 }, nuevoPago));
    const cmds = ids.map((id, i) => resultado(id, i === 2 ? { referenciaPasarela: 'psp-\u0000-nul' } : {}));
    const desenlaces = await Promise.all(
      cmds.map((c) =>
        resultadosAgrupados.registrar(c).then(
          (d) => d as string,
          (error: { code?: string }) => `error ${String(error.code).slice(0, 2)}`,
        ),
      ),
    );
    expect(desenlaces).to.deep.equal(['aplicado', 'aplicado', 'error 22', 'aplicado', 'aplicado']);
    for (const [i, id] of ids.entries()) {
      expect(await pago(id)).to.include({ estado: i === 2 ? 'SOLICITADO' : 'PAGADO' });
    }
    expect((await inbox(cmds.map((c) => c.idEvento))).map((f) => f.id_evento).sort()).to.deep.equal(
      cmds
        .filter((_, i) => i !== 2)
        .map((c) => c.idEvento)
        .sort(),
    );
  });

  it('el mismo evento dos veces en un grupo se aplica una vez: una fila de historia, una de inbox', async () => {
    const { resultadosAgrupados } = e.contenedor.cradle;
    const id = await nuevoPago();
    const cmd = resultado(id);
    const desenlaces = await Promise.all(
      [cmd, { ...cmd }, { ...cmd }].map((c) => resultadosAgrupados.registrar(c)),
    );
    expect(desenlaces).to.deep.equal(['aplicado', 'repetido', 'repetido']);
    expect(await historial(id)).to.have.length(2);
    expect(await inbox([cmd.idEvento])).to.have.length(1);
    expect(await outboxDe([id])).to.have.length(1); // its PagoSolicitado only
    expect(await pago(id)).to.include({ version: 2 });
  });

  it('el mismo evento en dos grupos que compiten (en órdenes opuestos) se aplica una vez y sin interbloqueo', async () => {
    const { registrarResultadosLiquidacion } = e.contenedor.cradle;
    for (let vuelta = 0; vuelta < 5; vuelta++) {
      const [a, b] = [await nuevoPago(), await nuevoPago()];
      const [ra, rb] = [resultado(a), resultado(b)];
      const [uno, otro] = await Promise.all([
        registrarResultadosLiquidacion([ra, rb]),
        registrarResultadosLiquidacion([{ ...rb }, { ...ra }]),
      ]);
      // per event: applied by exactly one of the two groups
      expect([uno[0], otro[1]].sort(), 'evento de a').to.deep.equal(['aplicado', 'repetido']);
      expect([uno[1], otro[0]].sort(), 'evento de b').to.deep.equal(['aplicado', 'repetido']);
      for (const id of [a, b]) {
        expect(await historial(id)).to.have.length(2);
        expect(await pago(id)).to.include({ estado: 'PAGADO', version: 2 });
      }
      expect(await inbox([ra.idEvento, rb.idEvento])).to.have.length(2);
    }
  });

  it('un escritor concurrente cambia un pago mientras el grupo espera su bloqueo: el grupo se repite y queda consistente', async () => {
    const { registrarResultadosLiquidacion, knex } = e.contenedor.cradle;
    const [p, q] = [await nuevoPago(), await nuevoPago()];
    // the other writer (ReintentarPago-like: load, change, save with the version check) on its own pool
    const repo = new RepositorioPagosKnex(e.bd.knex);
    let soltar!: () => void;
    const suelto = new Promise<void>((r) => (soltar = r));
    let guardado!: () => void;
    const escrito = new Promise<void>((r) => (guardado = r));
    const escritor = new UnidadDeTrabajoKnex(e.bd.knex).ejecutar(async (tx) => {
      const otro = (await repo.porId(tx, p))!;
      otro.marcarFallido('agotado por el otro escritor', new Date());
      await repo.guardar(tx, otro);
      guardado();
      await suelto; // holds the row lock, uncommitted
    });
    await escrito;
    let desenlaces: string[] = [];
    const sentencias = await sentenciasDe(async () => {
      const grupo = registrarResultadosLiquidacion([resultado(p), resultado(q)]).then(
        (d) => (desenlaces = d),
      );
      await esperarBloqueo();
      soltar();
      await Promise.all([grupo, escritor]);
    }, knex);
    expect(desenlaces).to.deep.equal(['aplicado', 'aplicado']);
    // the first round saw the new row under its old history: rolled back and run again
    expect(
      sentencias.filter((s) => /^BEGIN/i.test(s)),
      sentencias.join('\n'),
    ).to.have.length(2);
    expect(sentencias.filter((s) => /^ROLLBACK/i.test(s))).to.have.length(1);
    expect(await historial(p)).to.deep.equal([
      { orden: 0, desde: null, hacia: 'SOLICITADO', motivo: '' },
      { orden: 1, desde: 'SOLICITADO', hacia: 'FALLIDO', motivo: 'agotado por el otro escritor' },
      {
        orden: 2,
        desde: 'FALLIDO',
        hacia: 'PAGADO',
        motivo: 'la pasarela confirmó el pago después de la falla',
      },
    ]);
    expect(await pago(p)).to.include({ estado: 'PAGADO', version: 3 });
    expect(await pago(q)).to.include({ estado: 'PAGADO', version: 2 });
  });

  /** Until a session of this database waits for a row lock. */
  async function esperarBloqueo(): Promise<void> {
    for (let i = 0; i < 200; i++) {
      const { rows } = await e.bd.knex.raw(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      );
      if ((rows as { n: number }[])[0]!.n > 0) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error('nadie esperó el bloqueo');
  }
});
