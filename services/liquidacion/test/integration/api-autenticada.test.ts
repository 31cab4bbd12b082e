// liquidacion's public port as the process starts it (iniciarServicio, real Postgres and pasarela):
// LiquidacionService only answers callers with a valid token holding liquidaciones:leer; health stays
// open; with a certificate it speaks only TLS; without token configuration it does not start at all.
import { randomUUID } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { expect } from 'chai';
import { liquidacion as proto, PERMISOS } from '@alpes/contratos';
import * as net from 'node:net';
import {
  crearCertificadoTls,
  crearCredencialDePrueba,
  ErrorConfiguracion,
  loggerNulo,
  type CredencialDePrueba,
} from '@alpes/seedwork';
import {
  codigoDe,
  conToken,
  consultarSalud,
  crearBaseDeDatosTemporal,
  llamar,
  type BaseDeDatosTemporal,
  type MetodoUnario,
} from '@alpes/seedwork/pruebas';
import { leerConfiguracionLiquidacion } from '../../src/configuracion';
import { iniciarServicio, type ServicioLiquidacion } from '../../src/servicio';
import { iniciarPasarelaReal, type PasarelaReal } from '../apoyo/pasarela-real';

function puertoLibre(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

describe('API gRPC de liquidacion autenticada (proceso real, Postgres real)', function () {
  this.timeout(30_000);
  let bd: BaseDeDatosTemporal;
  let pasarela: PasarelaReal;
  let c: CredencialDePrueba;
  let servicio: ServicioLiquidacion;
  let cliente: proto.LiquidacionServiceClient;
  let entorno: Record<string, string>;

  /** Status code of a call (0 = OK) with `token` as bearer (none if undefined). */
  const codigo = (metodo: 'obtenerLiquidacion' | 'listarLiquidaciones', token?: string) => {
    const peticion =
      metodo === 'obtenerLiquidacion'
        ? { idPago: randomUUID() }
        : proto.ListarLiquidacionesRequest.fromPartial({});
    const llamada = cliente[metodo] as MetodoUnario<unknown, unknown>;
    return codigoDe(llamar(cliente, llamada, peticion, conToken(token)));
  };
  const metodos = Object.keys(proto.LiquidacionServiceService) as Array<
    'obtenerLiquidacion' | 'listarLiquidaciones'
  >;

  before(async () => {
    [bd, pasarela] = await Promise.all([crearBaseDeDatosTemporal('liquidacion_auth'), iniciarPasarelaReal()]);
    c = crearCredencialDePrueba();
    entorno = {
      PUERTO_GRPC: '0',
      PUERTO_APP_CALLBACK: '0',
      PUERTO_METRICAS: '0',
      APP_API_TOKEN: 'token-app-de-prueba-0123456789',
      DAPR_API_TOKEN: 'token-dapr-de-prueba-0123456789',
      URL_BASE_DATOS: bd.urlServicio, // serves on the DML-only role
      URL_BASE_DATOS_MIGRACION: bd.urlMigracion, // migrates at start with the DDL role
      URL_PASARELA: pasarela.url,
      DAPR_GRPC_PORT: '1',
    };
    servicio = await iniciarServicio(
      leerConfiguracionLiquidacion({ ...entorno, ...c.variables }),
      loggerNulo,
    );
    cliente = new proto.LiquidacionServiceClient(
      `127.0.0.1:${servicio.puertoGrpc}`,
      grpc.credentials.createInsecure(),
    );
  });
  after(async () => {
    cliente?.close();
    await servicio?.detener();
    await Promise.all([bd?.eliminar(), pasarela?.detener()]);
    c?.eliminar();
  });

  it('sin credencial o con una inválida, cada RPC es UNAUTHENTICATED', async () => {
    const lector = [PERMISOS.leerLiquidaciones];
    const invalidos = [
      undefined,
      'no-es-un-jwt',
      await c.token(lector, { expiraEn: Math.floor(Date.now() / 1000) - 300 }),
      await c.token(lector, { audiencia: 'otra-api' }),
      await c.token(lector, { emisor: 'https://idp.ajeno' }),
      await c.tokenDeOtraClave(lector),
      await c.tokenSinFirma(lector),
    ];
    expect(metodos).to.have.length(2);
    for (const metodo of metodos) {
      for (const [i, token] of invalidos.entries()) {
        expect(await codigo(metodo, token), `${metodo} caso ${i}`).to.equal(grpc.status.UNAUTHENTICATED);
      }
    }
  });

  it('sin liquidaciones:leer es PERMISSION_DENIED; con él, la consulta llega al servicio', async () => {
    const sinPermiso = await c.token([PERMISOS.leerPagos, PERMISOS.solicitarPagos, PERMISOS.reintentarPagos]);
    const lector = await c.token([PERMISOS.leerLiquidaciones]);
    for (const metodo of metodos) {
      expect(await codigo(metodo, sinPermiso), metodo).to.equal(grpc.status.PERMISSION_DENIED);
    }
    expect(await codigo('obtenerLiquidacion', lector)).to.equal(grpc.status.NOT_FOUND);
    expect(await codigo('listarLiquidaciones', lector)).to.equal(0);
  });

  it('health responde SERVING sin credencial', async () => {
    expect(await consultarSalud(`127.0.0.1:${servicio.puertoGrpc}`)).to.deep.equal({ codigo: 0, estado: 1 });
  });

  it('con CERTIFICADO_TLS y CLAVE_TLS: un cliente en claro no pasa, uno TLS con la CA sí; health sigue en claro aparte', async () => {
    const cert = crearCertificadoTls();
    const puertoSalud = await puertoLibre();
    const conTls = await iniciarServicio(
      leerConfiguracionLiquidacion({
        ...entorno,
        ...c.variables,
        CERTIFICADO_TLS: cert.rutaCertificado,
        CLAVE_TLS: cert.rutaClave,
        PUERTO_SALUD_PLANO: String(puertoSalud),
      }),
      loggerNulo,
    );
    const token = await c.token([PERMISOS.leerLiquidaciones]);
    const listar = async (credenciales: grpc.ChannelCredentials) => {
      const cli = new proto.LiquidacionServiceClient(`127.0.0.1:${conTls.puertoGrpc}`, credenciales, {
        'grpc.ssl_target_name_override': 'localhost',
      });
      const peticion = proto.ListarLiquidacionesRequest.fromPartial({});
      const r = await codigoDe(llamar(cli, cli.listarLiquidaciones, peticion, conToken(token)));
      cli.close();
      return r;
    };
    try {
      expect(await listar(grpc.credentials.createInsecure())).to.equal(grpc.status.UNAVAILABLE);
      expect(await listar(grpc.credentials.createSsl(cert.certificado))).to.equal(0);
      expect(await consultarSalud(`127.0.0.1:${puertoSalud}`)).to.deep.equal({ codigo: 0, estado: 1 });
    } finally {
      await conTls.detener();
      cert.eliminar();
    }
  });

  it('sin JWKS, emisor ni audiencia configurados el servicio no arranca', async () => {
    let error: unknown;
    await iniciarServicio(leerConfiguracionLiquidacion(entorno), loggerNulo).then(
      (s) => s.detener(),
      (e: unknown) => (error = e),
    );
    expect(error).to.be.instanceOf(ErrorConfiguracion);
    expect((error as ErrorConfiguracion).problemas.join('\n')).to.match(
      /JWKS_TOKENS[\s\S]*EMISOR_TOKENS[\s\S]*AUDIENCIA_TOKENS/,
    );
  });
});
