// Untrusted input at the LiquidacionService edge, through a real grpc-js server on a real Postgres:
// NUL in id_pago and page tokens that do not decode to a valid cursor are INVALID_ARGUMENT (never
// INTERNAL from the database).
import * as grpc from '@grpc/grpc-js';
import { expect } from 'chai';
import { liquidacion as proto } from '@alpes/contratos';
import { loggerNulo } from '@alpes/seedwork';
import {
  camposInvalidos,
  errorDe,
  llamar,
  servirEnPrueba,
  type ApiEnPrueba,
  type BaseDeDatosTemporal,
} from '@alpes/seedwork/pruebas';
import { crearApiLiquidacion } from '../../src/api/liquidacion-grpc';
import { obtenerLiquidacion } from '../../src/aplicacion/consultas/obtener-liquidacion';
import { listarLiquidaciones } from '../../src/aplicacion/consultas/listar-liquidaciones';
import { ConsultasLiquidacionesKnex } from '../../src/infraestructura/consultas-liquidaciones-knex';
import { baseDeDatosLiquidacion } from '../apoyo/base-datos';

describe('entrada no confiable en la API de liquidacion (grpc-js real, Postgres real)', function () {
  this.timeout(30_000);
  let bd: BaseDeDatosTemporal;
  let api: ApiEnPrueba<proto.LiquidacionServiceClient>;

  const listar = (pageToken: string) =>
    llamar(api.cliente, api.cliente.listarLiquidaciones, { pageToken, estado: 0, pageSize: 0 });

  before(async () => {
    bd = await baseDeDatosLiquidacion();
    const consultasLiquidaciones = new ConsultasLiquidacionesKnex(bd.knex);
    const apiLiquidacion = crearApiLiquidacion({
      obtenerLiquidacion: obtenerLiquidacion({ consultasLiquidaciones }),
      listarLiquidaciones: listarLiquidaciones({ consultasLiquidaciones }),
      logger: loggerNulo,
    });
    api = await servirEnPrueba(apiLiquidacion, proto.LiquidacionServiceClient);
  });
  after(async () => {
    await api?.detener();
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
      const error = await errorDe(listar(pageToken));
      expect(error.code, pageToken).to.equal(grpc.status.INVALID_ARGUMENT);
      expect(camposInvalidos(error), pageToken).to.deep.equal(['page_token']);
    }
    expect((await listar(token('9223372036854775807'))).liquidaciones).to.deep.equal([]);
  });

  it('NUL en id_pago: INVALID_ARGUMENT que lo nombra, no INTERNAL', async () => {
    const error = await errorDe(
      llamar(api.cliente, api.cliente.obtenerLiquidacion, { idPago: 'pago\u0000-1' }),
    );
    expect(error.code).to.equal(grpc.status.INVALID_ARGUMENT);
    expect(camposInvalidos(error)).to.deep.equal(['id_pago']);
  });
});
