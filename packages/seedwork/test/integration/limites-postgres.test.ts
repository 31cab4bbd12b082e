import { expect } from 'chai';
import { crearKnex, migracionInbox, migrar, purgarInbox, PurgaInbox } from '../../src';
import { crearBaseDeDatosTemporal, type BaseDeDatosTemporal } from '../../src/pruebas';

describe('límites de las sesiones Postgres y purga del inbox (Postgres real)', function () {
  this.timeout(30_000);
  let bd: BaseDeDatosTemporal;

  before(async () => {
    bd = await crearBaseDeDatosTemporal('seedwork_limites');
    await migrar(bd.knex, [migracionInbox]);
  });
  after(async () => {
    await bd?.eliminar();
  });

  it('statement_timeout e idle_in_transaction_session_timeout rigen en cada conexión del pool', async () => {
    const knex = crearKnex({
      url: bd.url,
      maximoConexiones: 2,
      tiempoMaximoSentenciaMs: 300,
      tiempoMaximoInactivoEnTransaccionMs: 400,
    });
    try {
      const { rows } = await knex.raw(
        "SELECT current_setting('statement_timeout') AS s, current_setting('idle_in_transaction_session_timeout') AS i",
      );
      expect(rows[0]).to.deep.equal({ s: '300ms', i: '400ms' });
      // a runaway statement is cancelled by the server (57014), the connection stays usable
      const error = await knex.raw('SELECT pg_sleep(2)').then(
        () => undefined,
        (e: { code?: string }) => e,
      );
      expect(error?.code).to.equal('57014');
      expect((await knex.raw('SELECT 1 AS uno')).rows[0].uno).to.equal(1);
    } finally {
      await knex.destroy();
    }
  });

  it('la purga borra por lotes solo las filas más viejas que la retención', async () => {
    await bd.knex('inbox').insert([
      ...Array.from({ length: 7 }, (_, i) => ({
        id_evento: `viejo-${i}`,
        consumidor: 'c',
        procesado_en: bd.knex.raw("now() - interval '8 days'"),
      })),
      { id_evento: 'reciente', consumidor: 'c' },
    ]);
    // batches of 3: three statements for seven rows
    expect(await purgarInbox(bd.knex, 7 * 24 * 3_600_000, 3)).to.equal(7);
    const quedan = await bd.knex('inbox').select('id_evento');
    expect(quedan.map((f: { id_evento: string }) => f.id_evento)).to.deep.equal(['reciente']);
  });

  it('programada, la purga corre sola cada intervalo y se detiene', async () => {
    await bd.knex('inbox').insert({
      id_evento: 'viejo-prog',
      consumidor: 'c',
      procesado_en: bd.knex.raw("now() - interval '2 hours'"),
    });
    const purga = new PurgaInbox({ knex: bd.knex, retencionMs: 3_600_000, intervaloMs: 50 });
    purga.iniciar();
    const limite = Date.now() + 5_000;
    while ((await bd.knex('inbox').where({ id_evento: 'viejo-prog' })).length > 0) {
      if (Date.now() > limite) throw new Error('la purga programada no corrió en 5 s');
      await new Promise((r) => setTimeout(r, 20));
    }
    await purga.detener();
  });
});
