// Untrusted input at the PagosService edge, through a real grpc-js server on a real Postgres: control
// characters, Unicode forms, amounts over the configured limit, malformed correlation ids and page
// tokens are INVALID_ARGUMENT naming what is wrong (never INTERNAL), and nothing is stored.
import * as grpc from '@grpc/grpc-js';
import { expect } from 'chai';
import { pagos, TOPICOS } from '@alpes/contratos';
import { CLAVE_ID_CORRELACION } from '@alpes/seedwork';
import { camposInvalidos, errorDe, llamar } from '@alpes/seedwork/pruebas';
import { apiPagosEnPrueba, type ApiPagosEnPrueba } from '../apoyo/entorno-bd';
import { unaSolicitudGrpc } from '../apoyo/madres';

describe('entrada no confiable en la API de pagos (grpc-js real, Postgres real)', function () {
  this.timeout(30_000);
  let e: ApiPagosEnPrueba;
  let cliente: pagos.PagosServiceClient;

  const listar = (req: Partial<pagos.ListarPagosRequest>) =>
    llamar(cliente, cliente.listarPagos, pagos.ListarPagosRequest.fromPartial(req));

  before(async () => {
    e = await apiPagosEnPrueba();
    cliente = e.cliente;
  });
  after(async () => {
    await e?.cerrar();
  });

  it('NUL o caracteres de control en un campo: INVALID_ARGUMENT que lo nombra (no INTERNAL), nada guardado', async () => {
    const antes = [await e.contar('pagos'), await e.contar('outbox')];
    const casos: [Partial<pagos.SolicitarPagoRequest>, string][] = [
      [{ ...unaSolicitudGrpc(), claveIdempotencia: 'clave\u0000nul' }, 'clave_idempotencia'],
      [{ ...unaSolicitudGrpc(), idInfluencer: 'inf\u0000-1' }, 'id_influencer'],
      [{ ...unaSolicitudGrpc(), idPrograma: 'prog\u0007' }, 'id_programa'],
      [{ ...unaSolicitudGrpc(), referencia: 'linea\nfalsa' }, 'referencia'],
    ];
    for (const [req, campo] of casos) {
      const error = await errorDe(e.solicitar(req));
      expect(error.code, campo).to.equal(grpc.status.INVALID_ARGUMENT);
      expect(camposInvalidos(error), campo).to.deep.equal([campo]);
    }
    const error = await errorDe(listar({ idInfluencer: 'inf\u0000' }));
    expect([error.code, camposInvalidos(error)]).to.deep.equal([
      grpc.status.INVALID_ARGUMENT,
      ['id_influencer'],
    ]);
    expect([await e.contar('pagos'), await e.contar('outbox')]).to.deep.equal(antes);
  });

  it('la misma solicitud en NFC y en NFD es la misma: un solo pago, y la clave descompuesta la encuentra', async () => {
    const base = unaSolicitudGrpc();
    const nfc = {
      ...base,
      claveIdempotencia: `${base.claveIdempotencia}-jos\u00e9`,
      referencia: 'comisi\u00f3n',
    };
    const nfd = {
      ...nfc,
      claveIdempotencia: nfc.claveIdempotencia.normalize('NFD'),
      referencia: 'comisio\u0301n',
    };
    const primero = (await e.solicitar(nfc)).pago!;
    const segundo = (await e.solicitar(nfd)).pago!;
    expect(segundo.id).to.equal(primero.id);
    expect(segundo.referencia).to.equal('comisi\u00f3n');
    expect(await e.bd.knex('pagos').where({ id: primero.id })).to.have.length(1);
  });

  it('un monto sobre el máximo configurado de su moneda: INVALID_ARGUMENT que nombra el límite', async () => {
    const antes = await e.contar('pagos');
    const monto = { moneda: 'COP', unidadesMenores: 100000000001n }; // default COP=100000000000
    const error = await errorDe(e.solicitar({ ...unaSolicitudGrpc(), monto }));
    expect(error.code).to.equal(grpc.status.INVALID_ARGUMENT);
    expect(camposInvalidos(error)).to.deep.equal(['monto.unidades_menores']);
    expect(error.details).to.contain('1000000000.00 COP');
    expect(await e.contar('pagos')).to.equal(antes);
  });

  it('un x-id-correlacion mal formado: INVALID_ARGUMENT que lo nombra, nada guardado', async () => {
    const antes = await e.contar('pagos');
    for (const malo of ['con espacios', 'x'.repeat(129), '{"inyectado":1}']) {
      const md = new grpc.Metadata();
      md.set(CLAVE_ID_CORRELACION, malo);
      const error = await errorDe(e.solicitar(unaSolicitudGrpc(), md));
      expect(error.code, malo).to.equal(grpc.status.INVALID_ARGUMENT);
      expect(error.details).to.contain('x-id-correlacion');
    }
    const md = new grpc.Metadata();
    md.set(CLAVE_ID_CORRELACION, 'lote-7.item:3');
    expect((await e.solicitar(unaSolicitudGrpc(), md)).pago!.idCorrelacion).to.equal('lote-7.item:3');
    expect(await e.contar('pagos')).to.equal(antes + 1);
  });

  it('un page_token que no decodifica a un cursor válido: INVALID_ARGUMENT sobre page_token', async () => {
    const token = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const malos = [
      'no-es-un-token',
      token({ v: 1, c: '', e: '', i: '' }),
      token({ v: 1, c: 'abc', e: '', i: '' }),
      token({ v: 1, c: '9223372036854775808', e: '', i: '' }), // one past bigint: Postgres would fail
      token({ v: 1, c: '-1', e: '', i: '' }),
      'x'.repeat(600),
    ];
    for (const pageToken of malos) {
      const error = await errorDe(listar({ pageToken }));
      expect(error.code, pageToken).to.equal(grpc.status.INVALID_ARGUMENT);
      expect(camposInvalidos(error), pageToken).to.deep.equal(['page_token']);
    }
    const alLimite = token({ v: 1, c: '9223372036854775807', e: '', i: '' });
    expect((await listar({ pageToken: alLimite })).pagos.length).to.be.greaterThan(0);
  });

  it('ReintentarPago pasado el plazo de retención de claves de la pasarela: FAILED_PRECONDITION', async () => {
    const { pago } = await e.solicitar(unaSolicitudGrpc());
    const fallidas = e.contenedor.cradle.suscripciones.find(
      (s) => s.topico === TOPICOS.liquidacionesFallidas,
    )!;
    const datos = { idPago: pago!.id, motivo: 'reintentos agotados', intento: 1 };
    await fallidas.manejar({
      id: `ev-${pago!.id}`,
      tipo: 'alpespartners.eventos.v1.LiquidacionFallida',
      topico: TOPICOS.liquidacionesFallidas,
      datos,
      datosCrudos: Buffer.from(JSON.stringify(datos)),
    });
    // requested 24 h ago: past the default 23 h (PLAZO_REINTENTO_HORAS)
    await e.bd
      .knex('pagos')
      .where({ id: pago!.id })
      .update({ creado_en: e.bd.knex.raw("now() - interval '24 hours'") });
    const error = await errorDe(llamar(cliente, cliente.reintentarPago, { idPago: pago!.id }));
    expect(error.code).to.equal(grpc.status.FAILED_PRECONDITION);
    expect(error.details).to.contain('clave de idempotencia');
    expect(await e.bd.knex('pagos').where({ id: pago!.id }).first()).to.include({ estado: 'FALLIDO' });
  });
});
