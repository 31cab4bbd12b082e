import { expect } from 'chai';
import { ErrorDominio } from '@alpes/seedwork';
import { entornoPagos, filasOutbox, type EntornoPagos } from '../apoyo/entorno-bd';
import { datosSolicitud } from '../apoyo/madres';

describe('SolicitarPago con idempotencia (Postgres real)', function () {
  this.timeout(30_000);
  let e: EntornoPagos;
  before(async () => {
    e = await entornoPagos();
  });
  after(async () => {
    await e?.cerrar();
  });

  it('diez solicitudes idénticas concurrentes crean un solo pago y un solo evento', async () => {
    const datos = datosSolicitud();
    const { solicitarPago } = e.contenedor.cradle;
    const resultados = await Promise.all(
      Array.from({ length: 10 }, (_, i) => solicitarPago({ ...datos, idCorrelacion: `c-${i}` })),
    );
    const ids = new Set(resultados.map((r) => r.pago.id));
    expect(ids.size).to.equal(1);
    expect(resultados.filter((r) => r.creado)).to.have.length(1);
    expect(await e.bd.knex('pagos').where({ clave_idempotencia: datos.claveIdempotencia })).to.have.length(1);
    const [id] = [...ids];
    expect((await filasOutbox(e.bd)).filter((f) => f.datos.idPago === id)).to.have.length(1);
  });

  it('solicitudes concurrentes con la misma clave y distinto contenido: una gana, las demás son conflicto', async () => {
    const datos = datosSolicitud();
    const { solicitarPago } = e.contenedor.cradle;
    const resultados = await Promise.allSettled(
      [100n, 200n, 300n, 400n].map((unidades) =>
        solicitarPago({ ...datos, monto: { moneda: 'COP', unidadesMenores: unidades }, idCorrelacion: 'c' }),
      ),
    );
    expect(resultados.filter((r) => r.status === 'fulfilled')).to.have.length(1);
    for (const r of resultados.filter((r) => r.status === 'rejected')) {
      const error = (r as PromiseRejectedResult).reason as ErrorDominio;
      expect([error.tipo, error.campo]).to.deep.equal(['conflicto', 'clave_idempotencia']);
    }
  });
});
