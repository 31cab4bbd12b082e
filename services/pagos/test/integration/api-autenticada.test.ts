// The public port as main.ts builds it (prepararSeguridadGrpc from the service's configuration, the
// PagosService wrapped before any handler work) on a real Postgres: every crossing attempt is refused
// with nothing stored, and a caller with the right permission gets through.
import * as grpc from '@grpc/grpc-js';
import { expect } from 'chai';
import { pagos, PERMISO_POR_METODO, PERMISOS, TODOS_LOS_PERMISOS } from '@alpes/contratos';
import {
  crearCredencialDePrueba,
  crearServidorGrpc,
  loggerNulo,
  prepararSeguridadGrpc,
  type CredencialDePrueba,
  type ServidorGrpc,
} from '@alpes/seedwork';
import { codigoDe, conToken, consultarSalud, llamar, type MetodoUnario } from '@alpes/seedwork/pruebas';
import { leerConfiguracionPagos } from '../../src/configuracion';
import { entornoPagos, type EntornoPagos } from '../apoyo/entorno-bd';
import { unaClave } from '../apoyo/madres';

type Metodo = keyof typeof pagos.PagosServiceService;

describe('API gRPC de pagos autenticada (credencial, permisos; Postgres real)', function () {
  this.timeout(30_000);
  let e: EntornoPagos;
  let c: CredencialDePrueba;
  let servidor: ServidorGrpc;
  let cliente: pagos.PagosServiceClient;
  let direccion: string;

  const solicitud = () =>
    pagos.SolicitarPagoRequest.fromPartial({
      claveIdempotencia: unaClave(),
      idInfluencer: 'inf-auth',
      idPrograma: 'prog-1',
      referencia: 'comision',
      monto: { moneda: 'COP', unidadesMenores: 150000n },
    });
  /** One request per method, valid enough that only the credential can refuse it. */
  const peticiones = (idPago: string): Record<Metodo, unknown> => ({
    solicitarPago: solicitud(),
    obtenerPago: { idPago },
    listarPagos: pagos.ListarPagosRequest.fromPartial({ pageSize: 10 }),
    reintentarPago: { idPago },
  });
  /** Calls `metodo` with `token` (none if undefined); resolves the status code (0 = OK). */
  const codigo = (metodo: Metodo, peticion: unknown, token?: string) =>
    codigoDe(llamar(cliente, cliente[metodo] as MetodoUnario<unknown, unknown>, peticion, conToken(token)));
  const filas = async () => ({ pagos: await e.contar('pagos'), outbox: await e.contar('outbox') });
  let idPagoFallido: string;

  before(async () => {
    e = await entornoPagos();
    c = crearCredencialDePrueba();
    const config = leerConfiguracionPagos({
      URL_BASE_DATOS: e.bd.urlServicio,
      MIGRAR_AL_INICIAR: 'false', // entornoPagos migrated it
      APP_API_TOKEN: 'token-app-de-prueba-0123456789',
      DAPR_API_TOKEN: 'token-dapr-de-prueba-0123456789',
      ...c.variables,
    });
    const seguridad = await prepararSeguridadGrpc(config, PERMISO_POR_METODO, loggerNulo);
    servidor = crearServidorGrpc({
      servicios: [seguridad.proteger(e.contenedor.cradle.api)],
      logger: loggerNulo,
      ...seguridad.opcionesServidor,
    });
    direccion = `127.0.0.1:${await servidor.iniciar('127.0.0.1:0')}`;
    cliente = new pagos.PagosServiceClient(direccion, grpc.credentials.createInsecure());
    // a FALLIDO pago, so that an unauthorised ReintentarPago would have something to change
    const creado = await e.contenedor.cradle.solicitarPago({ ...solicitud(), idCorrelacion: 'c-auth' });
    idPagoFallido = creado.pago.id;
    await e.contenedor.cradle.registrarResultadoLiquidacion({
      idEvento: `fallo-${idPagoFallido}`,
      idPago: idPagoFallido,
      resultado: 'FALLIDO',
      referenciaPasarela: '',
      motivo: 'pasarela caída',
      intento: 1,
    });
  });
  after(async () => {
    cliente?.close();
    await servidor?.detener(1_000);
    await e?.cerrar();
    c?.eliminar();
  });

  it('sin credencial, cada RPC de PagosService es UNAUTHENTICATED y no se guarda nada', async () => {
    const antes = await filas();
    for (const [metodo, peticion] of Object.entries(peticiones(idPagoFallido))) {
      expect(await codigo(metodo as Metodo, peticion), metodo).to.equal(grpc.status.UNAUTHENTICATED);
    }
    expect(await filas()).to.deep.equal(antes);
    expect(Object.keys(peticiones(''))).to.have.members(Object.keys(pagos.PagosServiceService));
  });

  it('un token vencido, de otra audiencia, de otro emisor, mal firmado, sin firma o HS256 es UNAUTHENTICATED', async () => {
    const todos = TODOS_LOS_PERMISOS;
    const falsos = {
      vencido: await c.token(todos, { expiraEn: Math.floor(Date.now() / 1000) - 300 }),
      audiencia: await c.token(todos, { audiencia: 'otra-api' }),
      emisor: await c.token(todos, { emisor: 'https://idp.ajeno' }),
      otraClave: await c.tokenDeOtraClave(todos),
      sinFirma: await c.tokenSinFirma(todos),
      hmac: await c.tokenHmacConClavePublica(todos),
    };
    const antes = await filas();
    for (const [caso, token] of Object.entries(falsos)) {
      for (const [metodo, peticion] of Object.entries(peticiones(idPagoFallido))) {
        expect(await codigo(metodo as Metodo, peticion, token), `${caso} ${metodo}`).to.equal(
          grpc.status.UNAUTHENTICATED,
        );
      }
    }
    expect(await filas()).to.deep.equal(antes);
  });

  it('sin el permiso del método es PERMISSION_DENIED: ni se crea el pago ni se reintenta', async () => {
    const lector = await c.token([PERMISOS.leerPagos, PERMISOS.leerLiquidaciones]);
    const antes = await filas();
    expect(await codigo('solicitarPago', solicitud(), lector)).to.equal(grpc.status.PERMISSION_DENIED);
    expect(await codigo('reintentarPago', { idPago: idPagoFallido }, lector)).to.equal(
      grpc.status.PERMISSION_DENIED,
    );
    expect(await filas()).to.deep.equal(antes);
    const pago = await e.bd.knex('pagos').where({ id: idPagoFallido }).first();
    expect(pago.estado).to.equal('FALLIDO');
    // the same token reads: it is the permission, not the token, that was refused
    expect(await codigo('obtenerPago', { idPago: idPagoFallido }, lector)).to.equal(0);
  });

  it('con el permiso de cada método, la llamada pasa (y solo SolicitarPago guarda)', async () => {
    const antes = await filas();
    const permisoDe = (m: Metodo) => PERMISO_POR_METODO[pagos.PagosServiceService[m].path]!;
    for (const [metodo, peticion] of Object.entries(peticiones(idPagoFallido))) {
      const token = await c.token([permisoDe(metodo as Metodo)]);
      expect(await codigo(metodo as Metodo, peticion, token), metodo).to.equal(0);
    }
    const despues = await filas();
    expect(despues.pagos).to.equal(antes.pagos + 1);
    const pago = await e.bd.knex('pagos').where({ id: idPagoFallido }).first();
    expect(pago.estado).to.equal('SOLICITADO'); // the operator's retry went through
  });

  it('health responde SERVING sin credencial', async () => {
    expect(await consultarSalud(direccion)).to.deep.equal({ codigo: 0, estado: 1 }); // SERVING
  });
});
