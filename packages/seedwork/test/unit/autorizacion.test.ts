import * as grpc from '@grpc/grpc-js';
import { expect } from 'chai';
import { liquidacion, pagos, PERMISO_POR_METODO, TODOS_LOS_PERMISOS } from '@alpes/contratos';
import {
  AUDIENCIA_LOCAL,
  crearCredencialDePrueba,
  crearVerificadorTokens,
  EMISOR_LOCAL,
  ErrorCredencial,
  loggerNulo,
  protegerServicio,
  type Llamante,
  type ServicioGrpc,
  type VerificadorTokens,
} from '../../src';

const token = (permisos: string) => `Bearer token-${Buffer.from(permisos).toString('base64url')}`;

const SERVICIOS: grpc.ServiceDefinition[] = [
  pagos.PagosServiceService,
  liquidacion.LiquidacionServiceService,
];

/** Accepts "token-<base64url of p1,p2>" as a caller with those permissions; anything else is a bad credential. */
const verificador: VerificadorTokens = {
  async verificar(token): Promise<Llamante> {
    const m = /^token-(.*)$/.exec(token);
    if (!m) throw new ErrorCredencial('ERR_JWS_INVALID');
    return { sujeto: 's', permisos: new Set(Buffer.from(m[1]!, 'base64url').toString().split(',')) };
  },
};

function servicioDePrueba(definicion: grpc.ServiceDefinition, llamados: string[]): ServicioGrpc {
  const implementacion: grpc.UntypedServiceImplementation = {};
  for (const nombre of Object.keys(definicion)) {
    implementacion[nombre] = ((_call, cb) => {
      llamados.push(nombre);
      cb(null, {});
    }) as grpc.handleUnaryCall<unknown, unknown>;
  }
  return { nombre: 'prueba', definicion, implementacion };
}

function llamar(servicio: ServicioGrpc, metodo: string, autorizacion?: string) {
  const metadata = new grpc.Metadata();
  if (autorizacion !== undefined) metadata.set('authorization', autorizacion);
  return new Promise<Partial<grpc.StatusObject> | null>((resolve) =>
    (servicio.implementacion[metodo] as grpc.handleUnaryCall<unknown, unknown>)(
      { metadata } as grpc.ServerUnaryCall<unknown, unknown>,
      (error) => resolve(error as Partial<grpc.StatusObject> | null),
    ),
  );
}

describe('autorización de la API pública (permisos por método)', () => {
  it('cada RPC de PagosService y LiquidacionService tiene un permiso en la tabla', () => {
    for (const definicion of SERVICIOS) {
      for (const metodo of Object.values(definicion)) {
        expect(PERMISO_POR_METODO, metodo.path).to.have.property(metodo.path);
        expect(TODOS_LOS_PERMISOS).to.include(PERMISO_POR_METODO[metodo.path]);
      }
    }
  });

  it('un servicio con un método sin permiso no se sirve (falla al iniciar)', () => {
    const { [pagos.PagosServiceService.reintentarPago.path]: _quitado, ...incompleta } = PERMISO_POR_METODO;
    expect(() =>
      protegerServicio(servicioDePrueba(pagos.PagosServiceService, []), {
        verificador,
        permisos: incompleta,
        logger: loggerNulo,
      }),
    ).to.throw(/ReintentarPago no tiene un permiso asignado/);
  });

  for (const definicion of SERVICIOS) {
    for (const [nombre, metodo] of Object.entries(definicion)) {
      const permiso = PERMISO_POR_METODO[metodo.path]!;
      it(`${metodo.path}: sin credencial, con una inválida o sin ${permiso} no llega al manejador`, async () => {
        const llamados: string[] = [];
        const protegido = protegerServicio(servicioDePrueba(definicion, llamados), {
          verificador,
          permisos: PERMISO_POR_METODO,
          logger: loggerNulo,
        });
        expect((await llamar(protegido, nombre))?.code).to.equal(grpc.status.UNAUTHENTICATED);
        expect((await llamar(protegido, nombre, 'Basic dXNlcjpwYXNz'))?.code).to.equal(
          grpc.status.UNAUTHENTICATED,
        );
        expect((await llamar(protegido, nombre, 'Bearer falso'))?.code).to.equal(grpc.status.UNAUTHENTICATED);
        const otros = TODOS_LOS_PERMISOS.filter((p) => p !== permiso).join(',');
        expect((await llamar(protegido, nombre, token(otros)))?.code).to.equal(grpc.status.PERMISSION_DENIED);
        expect(llamados).to.deep.equal([]);
        expect(await llamar(protegido, nombre, token(permiso))).to.equal(null);
        expect(llamados).to.deep.equal([nombre]);
      });
    }
  }

  it('si la credencial no se puede verificar (proveedor caído) es UNAVAILABLE y no llega al manejador', async () => {
    const llamados: string[] = [];
    const caido: VerificadorTokens = {
      verificar: () => Promise.reject(new TypeError('fetch failed')),
    };
    const protegido = protegerServicio(servicioDePrueba(pagos.PagosServiceService, llamados), {
      verificador: caido,
      permisos: PERMISO_POR_METODO,
      logger: loggerNulo,
    });
    expect((await llamar(protegido, 'solicitarPago', token('pagos:solicitar')))?.code).to.equal(
      grpc.status.UNAVAILABLE,
    );
    expect(llamados).to.deep.equal([]);
  });

  it('con el token ya en la cache del verificador, el permiso se comprueba en cada llamada', async () => {
    const c = crearCredencialDePrueba();
    try {
      const verificadorReal = await crearVerificadorTokens({
        jwks: c.variables.JWKS_TOKENS!,
        emisor: EMISOR_LOCAL,
        audiencia: AUDIENCIA_LOCAL,
      });
      const llamados: string[] = [];
      const protegido = protegerServicio(servicioDePrueba(pagos.PagosServiceService, llamados), {
        verificador: verificadorReal,
        permisos: PERMISO_POR_METODO,
        logger: loggerNulo,
      });
      const lector = `Bearer ${await c.token(['pagos:leer'])}`;
      for (let i = 0; i < 2; i++) {
        expect(await llamar(protegido, 'obtenerPago', lector)).to.equal(null);
        expect((await llamar(protegido, 'solicitarPago', lector))?.code).to.equal(
          grpc.status.PERMISSION_DENIED,
        );
      }
      expect(verificadorReal.entradasEnCache()).to.equal(1);
      expect(llamados).to.deep.equal(['obtenerPago', 'obtenerPago']);
    } finally {
      c.eliminar();
    }
  });
});
