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

  it('el plan se hace en cada ejecución: lo preparado con la tabla casi vacía usa el índice cuando la tabla crece', async () => {
    // After 5 executions Postgres may switch a prepared statement to a generic plan, made for an array of
    // unknown length (10 rows) and the table as it is then: here a seq scan and a hash join, kept while
    // the table grows until an ANALYZE (none here: autovacuum off for the table)
    await knex.raw(
      'CREATE TABLE crece (id text PRIMARY KEY, n int NOT NULL) WITH (autovacuum_enabled = false)',
    );
    await knex.raw("INSERT INTO crece SELECT 'k' || g, g FROM generate_series(1, 20) g");
    const consulta =
      'SELECT e.id, c.n FROM unnest(?::text[]) WITH ORDINALITY AS e(id, o) LEFT JOIN crece c ON c.id = e.id ORDER BY e.o';
    const ids = Array.from({ length: 30 }, (_, i) => `k${i}`);
    for (let i = 0; i < 10; i++) await knex.raw(consulta, [ids]);
    await knex.raw("INSERT INTO crece SELECT 'x' || g, g FROM generate_series(1, 50000) g");
    const { rows } = await knex.raw(
      "SELECT name FROM pg_prepared_statements WHERE statement LIKE 'SELECT e.id, c.n FROM unnest(%'",
    );
    expect(rows).to.have.length(1);
    const nombre = (rows as { name: string }[])[0]!.name;
    const plan = JSON.stringify(
      (await knex.raw(`EXPLAIN (FORMAT JSON) EXECUTE ${nombre}(ARRAY['k7', 'x9'])`)).rows,
    );
    expect(plan).to.include('Index Scan');
    expect(plan).to.not.include('Seq Scan');
    expect((await knex.raw(consulta, [['k7', 'x9', 'nada']])).rows).to.deep.equal([
      { id: 'k7', n: 7 },
      { id: 'x9', n: 9 },
      { id: 'nada', n: null },
    ]);
  });

  it('más textos distintos que el tope se ejecutan sin nombre, sin error', async () => {
    for (let i = 0; i < MAXIMO_SENTENCIAS_PREPARADAS + 5; i++) {
      const filas = (await knex.raw(`SELECT ?::int + ${i} AS x`, [1])).rows as { x: number }[];
      expect(filas[0]!.x).to.equal(1 + i);
    }
    expect((await preparadas()).length).to.equal(MAXIMO_SENTENCIAS_PREPARADAS);
  });
});
