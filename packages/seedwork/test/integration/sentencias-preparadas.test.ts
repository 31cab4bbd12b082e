import { expect } from 'chai';
import { crearKnex, MAXIMO_SENTENCIAS_PREPARADAS } from '../../src';
import { crearBaseDeDatosTemporal, type BaseDeDatosTemporal } from '../../src/pruebas';
import type { Knex } from 'knex';

// crearKnex prepares parameterised statements once per connection (Postgres parses and plans them once).

describe('sentencias preparadas de crearKnex (Postgres real)', function () {
  this.timeout(30_000);
  let bd: BaseDeDatosTemporal;
  let knex: Knex; // one connection, so every query sees the same session

  const preparadas = async () =>
    ((await knex.raw('SELECT statement FROM pg_prepared_statements')).rows as { statement: string }[]).map(
      (f) => f.statement,
    );

  before(async () => {
    bd = await crearBaseDeDatosTemporal('seedwork_preparadas');
    knex = crearKnex({ url: bd.url, maximoConexiones: 1 });
    await knex.raw('CREATE TABLE cosas (id int PRIMARY KEY, nombre text NOT NULL)');
  });
  after(async () => {
    await knex?.destroy();
    await bd?.eliminar();
  });

  it('una sentencia con parámetros se prepara una vez y se reutiliza con otros valores', async () => {
    await knex('cosas').insert({ id: 1, nombre: 'uno' });
    await knex('cosas').insert({ id: 2, nombre: 'dos' });
    expect(await knex('cosas').where({ id: 2 }).first()).to.deep.equal({ id: 2, nombre: 'dos' });
    expect(await knex('cosas').where({ id: 1 }).first()).to.deep.equal({ id: 1, nombre: 'uno' });
    const sentencias = await preparadas();
    expect(sentencias.filter((s) => s.startsWith('insert into "cosas"'))).to.have.length(1);
    expect(sentencias.filter((s) => s.startsWith('select * from "cosas"'))).to.have.length(1);
  });

  it('las transacciones, los errores y las sentencias sin parámetros siguen funcionando', async () => {
    await knex
      .transaction(async (tx) => {
        await tx('cosas').insert({ id: 3, nombre: 'tres' });
        throw new Error('se deshace');
      })
      .catch(() => undefined);
    expect(await knex('cosas').where({ id: 3 }).first()).to.equal(undefined);
    // a failing prepared statement (unique violation) leaves the connection usable
    const error = await knex('cosas')
      .insert({ id: 1, nombre: 'repetido' })
      .catch((e: { code?: string }) => e);
    expect((error as { code?: string }).code).to.equal('23505');
    await knex.raw('CREATE INDEX cosas_nombre ON cosas (nombre); SELECT 1');
    expect(await knex('cosas').where({ nombre: 'dos' }).first()).to.deep.equal({ id: 2, nombre: 'dos' });
  });

  it('más textos distintos que el tope se ejecutan sin nombre, sin error', async () => {
    for (let i = 0; i < MAXIMO_SENTENCIAS_PREPARADAS + 5; i++) {
      const filas = (await knex.raw(`SELECT ?::int + ${i} AS x`, [1])).rows as { x: number }[];
      expect(filas[0]!.x).to.equal(1 + i);
    }
    expect((await preparadas()).length).to.equal(MAXIMO_SENTENCIAS_PREPARADAS);
  });
});
