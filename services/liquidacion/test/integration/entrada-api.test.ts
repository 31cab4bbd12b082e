// Untrusted input at the LiquidacionService edge, through a real grpc-js server on a real Postgres:
// NUL in id_pago and page tokens that do not decode to a valid cursor are INVALID_ARGUMENT (never
// INTERNAL from the database).
import * as grpc from '@grpc/grpc-js';
import { expect } from 'chai';
import { liquidacion as proto } from '@alpes/contratos';
import {
  CLAVE_DETALLES_ERROR,
  crearServidorGrpc,
  decodificarViolaciones,
  loggerNulo,
  type ServidorGrpc,
} from '@alpes/seedwork';
import { type BaseDeDatosTemporal } from '@alpes/seedwork/pruebas';
import { crearApiLiquidacion } from '../../src/api/liquidacion-grpc';
import { obtenerLiquidacion } from '../../src/aplicacion/consultas/obtener-liquidacion';
import { listarLiquidaciones } from '../../src/aplicacion/consultas/listar-liquidaciones';
import { ConsultasLiquidacionesKnex } from '../../src/infraestructura/consultas-liquidaciones-knex';
import { baseDeDatosLiquidacion } from '../apoyo/base-datos';

describe('entrada no confiable en la API de liquidacion (grpc-js real, Postgres real)', function () {
  this.timeout(30_000);
  let bd: BaseDeDatosTemporal;
  let servidor: ServidorGrpc;
  let cliente: proto.LiquidacionServiceClient;

  const promesa = <Res>(llamada: (cb: (e: grpc.ServiceError | null, r?: Res) => void) => unknown) =>
    new Promise<Res>((resolve, reject) => llamada((e, r) => (e ? reject(e) : resolve(r!))));
  const errorDe = async (p: Promise<unknown>): Promise<grpc.ServiceError> => {
    try {
      await p;
    } catch (e) {
      return e as grpc.ServiceError;
    }
    throw new Error('la llamada no falló');
  };
  const campos = (error: grpc.ServiceError) =>
    decodificarViolaciones(error.metadata.get(CLAVE_DETALLES_ERROR)[0] as Buffer).map((v) => v.campo);

  before(async () => {
    bd = await baseDeDatosLiquidacion();
    const consultasLiquidaciones = new ConsultasLiquidacionesKnex(bd.knex);
    servidor = crearServidorGrpc({
      servicios: [
        crearApiLiquidacion({
          obtenerLiquidacion: obtenerLiquidacion({ consultasLiquidaciones }),
          listarLiquidaciones: listarLiquidaciones({ consultasLiquidaciones }),
          logger: loggerNulo,
        }),
      ],
      logger: loggerNulo,
    });
    const puerto = await servidor.iniciar('127.0.0.1:0');
    cliente = new proto.LiquidacionServiceClient(`127.0.0.1:${puerto}`, grpc.credentials.createInsecure());
  });
  after(async () => {
    cliente?.close();
    await servidor?.detener(1_000);
    await bd?.eliminar();
  });

  it('un page_token que no decodifica a un cursor válido: INVALID_ARGUMENT sobre page_token', async () => {
    const token = (c: unknown, e = '') => Buffer.from(JSON.stringify({ v: 1, c, e })).toString('base64url');
    const malos = [
      'no-es-un-token',
      token(''),
      token('abc'),
      token(1),
      token('9223372036854775808'), // one past bigint: Postgres would fail the query
      token('1', 'EXITOSA'), // issued for another estado
      'x'.repeat(600),
    ];
    for (const pageToken of malos) {
      const error = await errorDe(
        promesa((cb) => cliente.listarLiquidaciones({ pageToken, estado: 0, pageSize: 0 }, cb)),
      );
      expect(error.code, pageToken).to.equal(grpc.status.INVALID_ARGUMENT);
      expect(campos(error), pageToken).to.deep.equal(['page_token']);
    }
    const alLimite = token('9223372036854775807');
    const pagina = await promesa<proto.ListarLiquidacionesResponse>((cb) =>
      cliente.listarLiquidaciones({ pageToken: alLimite, estado: 0, pageSize: 0 }, cb),
    );
    expect(pagina.liquidaciones).to.deep.equal([]);
  });

  it('NUL en id_pago: INVALID_ARGUMENT que lo nombra, no INTERNAL', async () => {
    const error = await errorDe(promesa((cb) => cliente.obtenerLiquidacion({ idPago: 'pago\u0000-1' }, cb)));
    expect(error.code).to.equal(grpc.status.INVALID_ARGUMENT);
    expect(campos(error)).to.deep.equal(['id_pago']);
  });
});
