// The liquidaciones-by-estado gauge on a real Postgres, and a scrape while the database is down.
import { expect } from 'chai';
import { crearKnex, Metricas } from '@alpes/seedwork';
import { type BaseDeDatosTemporal } from '@alpes/seedwork/pruebas';
import { medirLiquidacionesPorEstado } from '../../src/infraestructura/metricas-liquidacion';
import { baseDeDatosLiquidacion } from '../apoyo/base-datos';

describe('métricas de liquidacion (Postgres real)', function () {
  this.timeout(30_000);
  let bd: BaseDeDatosTemporal;

  before(async () => {
    bd = await baseDeDatosLiquidacion();
  });
  after(async () => {
    await bd?.eliminar();
  });

  it('con la base de datos caída /metrics sigue respondiendo y liquidaciones{estado} guarda su último valor', async () => {
    const metricas = new Metricas('', { servicio: 'liquidacion' }, false);
    let knex = bd.knex;
    const porDelegacion = ((...args: Parameters<typeof knex>) => knex(...args)) as unknown as typeof knex;
    medirLiquidacionesPorEstado(metricas, porDelegacion);
    const antes = await metricas.texto();
    expect(antes).to.match(/liquidaciones\{estado="EN_PROCESO",servicio="liquidacion"\} 0\n/);
    knex = crearKnex({ url: 'postgres://alpes:alpes@127.0.0.1:1/nada' }); // nothing listens there
    try {
      expect(await metricas.texto()).to.match(
        /liquidaciones\{estado="EN_PROCESO",servicio="liquidacion"\} 0\n/,
      );
    } finally {
      await knex.destroy();
    }
  });
});
