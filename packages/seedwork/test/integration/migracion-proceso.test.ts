import { expect } from 'chai';
import {
  crearBaseDeDatosTemporal,
  duenosDeTablas,
  rolDeUrl,
  type BaseDeDatosTemporal,
} from '../../src/pruebas';
import { ejecutarMigracion, type EjecucionMigracion } from '../apoyo/ejecutar-migracion';

// ejecutarMigraciones as a real process against Postgres: code 0 and one line 'migraciones al día'
// naming what it applied (as the migration role), then nothing on a second run.

function lineaAlDia(r: EjecucionMigracion): Record<string, unknown> {
  const lineas = r.lineas.filter((l) => l.msg === 'migraciones al día');
  expect(lineas, JSON.stringify(r.lineas)).to.have.length(1);
  expect(lineas[0]).to.include({ nivel: 'info', servicio: 'prueba' });
  return lineas[0]!;
}

describe('proceso de migración (ejecutarMigraciones, Postgres real)', function () {
  this.timeout(60_000);
  let bd: BaseDeDatosTemporal;

  before(async () => {
    bd = await crearBaseDeDatosTemporal('seedwork_migrar');
  });
  after(async () => {
    await bd?.eliminar();
  });

  it('aplica lo pendiente con el rol de migración, lo registra y sale con código 0; luego nada', async () => {
    const primera = ejecutarMigracion({ URL_BASE_DATOS_MIGRACION: bd.urlMigracion });
    expect(primera.codigo, primera.stderr).to.equal(0);
    expect(lineaAlDia(primera).aplicadas).to.deep.equal(['seedwork_0001_outbox']);
    expect((await duenosDeTablas(bd.knex)).outbox).to.equal(rolDeUrl(bd.urlMigracion));

    const segunda = ejecutarMigracion({ URL_BASE_DATOS_MIGRACION: bd.urlMigracion });
    expect(segunda.codigo, segunda.stderr).to.equal(0);
    expect(lineaAlDia(segunda).aplicadas).to.deep.equal([]);
  });
});
