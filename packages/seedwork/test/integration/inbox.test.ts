import { expect } from 'chai';
import { migracionInbox, migrar, registrarNuevos, registrarSiNuevo } from '../../src';
import { crearBaseDeDatosTemporal, type BaseDeDatosTemporal } from '../../src/pruebas';

describe('inbox (Postgres real)', function () {
  this.timeout(30_000);
  let bd: BaseDeDatosTemporal;

  before(async () => {
    bd = await crearBaseDeDatosTemporal('seedwork_inbox');
    await migrar(bd.knex, [migracionInbox]);
  });
  after(async () => {
    await bd?.eliminar();
  });

  it('un evento se registra la primera vez y se reconoce como repetido después', async () => {
    expect(await bd.knex.transaction((tx) => registrarSiNuevo(tx, 'e-1', 'pagos'))).to.equal(true);
    expect(await bd.knex.transaction((tx) => registrarSiNuevo(tx, 'e-1', 'pagos'))).to.equal(false);
    expect(await bd.knex.transaction((tx) => registrarSiNuevo(tx, 'e-1', 'otro-consumidor'))).to.equal(true);
  });

  it('si la transacción se deshace, el evento no queda registrado', async () => {
    await bd.knex
      .transaction(async (tx) => {
        expect(await registrarSiNuevo(tx, 'e-2', 'pagos')).to.equal(true);
        throw new Error('fallo aplicando el cambio');
      })
      .catch(() => undefined);
    expect(await bd.knex.transaction((tx) => registrarSiNuevo(tx, 'e-2', 'pagos'))).to.equal(true);
  });

  it('dos entregas concurrentes del mismo evento: solo una lo procesa', async () => {
    const resultados = await Promise.all(
      Array.from({ length: 8 }, () => bd.knex.transaction((tx) => registrarSiNuevo(tx, 'e-3', 'pagos'))),
    );
    expect(resultados.filter(Boolean)).to.have.length(1);
  });

  it('varios eventos en una sentencia: devuelve solo los nuevos, y un id repetido en la lista una vez', async () => {
    await bd.knex.transaction((tx) => registrarSiNuevo(tx, 'e-4', 'pagos'));
    const nuevos = await bd.knex.transaction((tx) =>
      registrarNuevos(tx, ['e-6', 'e-4', 'e-5', 'e-6'], 'pagos'),
    );
    expect([...nuevos].sort()).to.deep.equal(['e-5', 'e-6']);
    expect(await bd.knex('inbox').whereIn('id_evento', ['e-4', 'e-5', 'e-6'])).to.have.length(3);
    expect(await bd.knex.transaction((tx) => registrarNuevos(tx, [], 'pagos'))).to.have.property('size', 0);
  });

  it('dos lotes concurrentes con ids en común: cada id lo registra uno solo, sin interbloqueo', async () => {
    const ids = Array.from({ length: 20 }, (_, i) => `c-${i}`);
    const lotes = await Promise.all(
      [ids, [...ids].reverse(), ids.slice(5)].map((lote) =>
        bd.knex.transaction((tx) => registrarNuevos(tx, lote, 'pagos')),
      ),
    );
    expect(lotes.flatMap((l) => [...l]).sort()).to.deep.equal([...ids].sort());
  });
});
