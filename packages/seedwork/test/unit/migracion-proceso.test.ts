import { expect } from 'chai';
import { ejecutarMigracion } from '../apoyo/ejecutar-migracion';

// ejecutarMigraciones as a real process when it cannot migrate: the exit code the migration Job
// reports as failed, and what is wrong named for the operator.

describe('proceso de migración (ejecutarMigraciones) cuando no puede migrar', function () {
  this.timeout(30_000);

  it('sin configuración sale con código 1 y nombra cada variable inválida en stderr', () => {
    const r = ejecutarMigracion({ NIVEL_LOG: 'mucho' });
    expect(r.codigo, r.stderr).to.equal(1);
    expect(r.stderr).to.match(/^prueba no puede migrar\.\nConfiguración inválida:\n/);
    expect(r.stderr).to.match(/URL_BASE_DATOS_MIGRACION no está definida/);
    expect(r.stderr).to.match(/NIVEL_LOG/);
    expect(r.lineas).to.deep.equal([]);
  });

  it('con la base de datos inalcanzable sale con código 1 y registra el error', () => {
    const r = ejecutarMigracion({ URL_BASE_DATOS_MIGRACION: 'postgres://nadie@127.0.0.1:1/prueba' });
    expect(r.codigo, r.stderr).to.equal(1);
    const fallo = r.lineas.filter((l) => l.msg === 'prueba no pudo migrar');
    expect(fallo, JSON.stringify(r.lineas)).to.have.length(1);
    expect(fallo[0]).to.include({ nivel: 'error', servicio: 'prueba' });
    expect((fallo[0]!.error as { mensaje: string }).mensaje).to.match(/ECONNREFUSED/);
    expect(r.lineas.filter((l) => l.msg === 'migraciones al día')).to.deep.equal([]);
  });
});
