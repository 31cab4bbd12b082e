import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import {
  MIGRACIONES_SEEDWORK,
  SQL_PLAN_RECLAMO,
  consultaReclamo,
  escribirEnOutbox,
  migrar,
  reclamar,
  type MensajeSaliente,
} from '../../src';
import { crearBaseDeDatosTemporal, type BaseDeDatosTemporal } from '../../src/pruebas';

interface NodoPlan {
  'Node Type': string;
  'Index Name'?: string;
  'Shared Hit Blocks': number;
  'Shared Read Blocks': number;
  Plans?: NodoPlan[];
}

function nodos(n: NodoPlan): NodoPlan[] {
  return [n, ...(n.Plans ?? []).flatMap(nodos)];
}

function mensajes(n: number): MensajeSaliente[] {
  return Array.from({ length: n }, () => ({
    id: randomUUID(),
    topico: 'pagos-solicitados',
    tipo: 'alpespartners.eventos.v1.PagoSolicitado',
    datos: { idPago: randomUUID(), intento: 1 },
  }));
}

describe('reclamo del relay del outbox (Postgres real)', function () {
  this.timeout(60_000);
  let bd: BaseDeDatosTemporal;

  before(async () => {
    bd = await crearBaseDeDatosTemporal('seedwork_reclamo_outbox');
    await migrar(bd.knex, [...MIGRACIONES_SEEDWORK]);
    // a relay's day: 20,000 rows written and published (deleted), then 50 pending, and ANALYZE has run
    for (let i = 0; i < 40; i++) {
      await bd.knex.transaction((tx) => escribirEnOutbox(tx, mensajes(500)));
      await bd.knex('outbox').delete();
    }
    await bd.knex.transaction((tx) => escribirEnOutbox(tx, mensajes(50)));
    await bd.knex.raw('ANALYZE outbox');
  });
  after(async () => {
    await bd?.eliminar();
  });

  /** The claim's plan and the blocks it touched, run (and rolled back) in a transaction after `preparar`. */
  async function explicar(preparar: (trx: Knex.Transaction) => Promise<unknown>) {
    return bd.knex
      .transaction(async (trx) => {
        await preparar(trx);
        const { sql, bindings } = consultaReclamo(trx, 50).toSQL();
        const { rows } = await trx.raw(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${sql}`, bindings);
        throw Object.assign(new Error('rollback'), {
          plan: (rows as { 'QUERY PLAN': [{ Plan: NodoPlan }] }[])[0]!['QUERY PLAN'][0].Plan,
        });
      })
      .catch((e: { plan?: NodoPlan }) => {
        if (!e.plan) throw e;
        return e.plan;
      });
  }

  it('recorre el índice de pendientes en orden: 50 filas tocan ~100 bloques (leer y bloquear cada una), no las páginas de las 20,000 ya publicadas', async () => {
    // once to mark the published rows' index entries dead (as the relay's previous claims did), then measured
    await explicar((trx) => trx.raw(SQL_PLAN_RECLAMO));
    const plan = await explicar((trx) => trx.raw(SQL_PLAN_RECLAMO));
    const escaneo = nodos(plan).find((n) => n['Node Type'].includes('Scan'))!;
    expect(escaneo['Node Type']).to.equal('Index Scan');
    expect(escaneo['Index Name']).to.equal('outbox_pendientes');
    expect(plan['Shared Hit Blocks'] + plan['Shared Read Blocks']).to.be.below(150);
  });

  it('sin fijar el plan, las estadísticas de una cola llevan a leer toda la tabla (por eso se fija)', async () => {
    const plan = await explicar(async () => undefined);
    expect(plan['Shared Hit Blocks'] + plan['Shared Read Blocks']).to.be.above(400);
  });

  it('reclamar devuelve las pendientes más viejas primero, bloqueadas para otro relay', async () => {
    await bd.knex.transaction(async (trx) => {
      const filas = await reclamar(trx, 20);
      expect(filas).to.have.length(20);
      const secuencias = filas.map((f) => BigInt(f.secuencia));
      expect(secuencias).to.deep.equal([...secuencias].sort((a, b) => (a < b ? -1 : 1)));
      // another relay, meanwhile, gets the next 30 only
      const otras = await bd.knex.transaction((otra) => reclamar(otra, 50));
      expect(otras).to.have.length(30);
      expect(Number(otras[0]!.secuencia)).to.be.greaterThan(Number(filas.at(-1)!.secuencia));
    });
  });
});
