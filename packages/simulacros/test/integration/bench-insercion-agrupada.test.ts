import { expect } from 'chai';
import { MIGRACIONES_PAGOS } from '@alpes/pagos';
import { migrarConRolDeMigracion } from '@alpes/seedwork';
import { crearBaseDeDatosTemporal, type BaseDeDatosTemporal } from '@alpes/seedwork/pruebas';
import { Client } from 'pg';
import {
  numerarParametros,
  SQL_INSERTAR_PAGOS,
  valoresLote,
} from '../../src/bench/anclas/insercion-agrupada';

// The Postgres anchor's statement (pagos' exported group statement, numbered for node pg) on pagos' real
// schema (its migrations, its service role): it must write what pagos' grouped SolicitarPago writes, or the
// ceiling would be of some other write.

describe('bench: la escritura agrupada del ancla de Postgres', function () {
  this.timeout(60_000);
  let bd: BaseDeDatosTemporal;
  let cliente: Client;

  before(async () => {
    bd = await crearBaseDeDatosTemporal('bench_insercion');
    await migrarConRolDeMigracion(bd.urlMigracion, MIGRACIONES_PAGOS, 'bench-prueba');
    cliente = new Client({ connectionString: bd.urlServicio });
    await cliente.connect();
  });

  after(async () => {
    await cliente?.end();
    await bd?.eliminar();
  });

  const contar = async (tabla: string) =>
    Number((await bd.knex.raw(`SELECT count(*)::int AS n FROM ${tabla}`)).rows[0].n);

  it('numera los parámetros en orden y cada uno tiene su valor', () => {
    expect(numerarParametros('a = ? AND b = ?::int[]')).to.equal('a = $1 AND b = $2::int[]');
    const parametros = [...SQL_INSERTAR_PAGOS.matchAll(/\$(\d+)/g)].map((m) => Number(m[1]));
    expect(Math.max(...parametros)).to.equal(valoresLote('x', 3).length);
  });

  it('escribe cada pago con su historial y su PagoSolicitado en el outbox, y una clave repetida no escribe nada', async () => {
    const valores = valoresLote('clave', 50);
    const { rows } = await cliente.query(SQL_INSERTAR_PAGOS, valores);
    expect(rows).to.have.length(50);
    expect(await contar('pagos')).to.equal(50);
    expect(
      await contar("pagos_historial WHERE orden = 0 AND desde IS NULL AND hacia = 'SOLICITADO'"),
    ).to.equal(50);
    expect(await contar("outbox WHERE topico = 'pagos-solicitados' AND publicado_en IS NULL")).to.equal(50);
    const evento = (
      await bd.knex.raw(
        "SELECT o.datos, p.id FROM outbox o JOIN pagos p ON p.id::text = o.datos->>'idPago' LIMIT 1",
      )
    ).rows[0];
    expect(evento, 'the event names its pago').to.exist;
    // same keys again (new ids): ON CONFLICT on the idempotency key, nothing written
    const otraVez = await cliente.query(SQL_INSERTAR_PAGOS, valoresLote('clave', 50));
    expect(otraVez.rows).to.have.length(0);
    expect(await contar('pagos')).to.equal(50);
    expect(await contar('outbox')).to.equal(50);
  });
});
