import { expect } from 'chai';
import {
  ErrorConfiguracion,
  booleano,
  direccionDeEscucha,
  hostEscucha,
  entero,
  enumerado,
  leerConfiguracion,
  puerto,
  renombrada,
  texto,
  TOKENS_DAPR,
  url,
} from '../../src';

const esquema = {
  puertoGrpc: puerto('PUERTO_GRPC', { porDefecto: 50051 }),
  urlBaseDatos: url('URL_BASE_DATOS', { protocolos: ['postgres:', 'postgresql:'] }),
  nivelLog: enumerado('NIVEL_LOG', ['debug', 'info', 'warn', 'error'] as const, { porDefecto: 'info' }),
  lote: entero('TAMANO_LOTE', { min: 1, max: 500, porDefecto: 200 }),
  nombre: texto('APP_ID', { porDefecto: 'pagos' }),
  escuchar: booleano('ESCUCHAR', { porDefecto: true }),
};

describe('leerConfiguracion', () => {
  it('lee las variables y aplica los valores por defecto', () => {
    const config = leerConfiguracion(esquema, {
      URL_BASE_DATOS: 'postgres://u:p@localhost:5433/pagos',
      PUERTO_GRPC: '6000',
      ESCUCHAR: 'false',
    });
    expect(config).to.deep.equal({
      puertoGrpc: 6000,
      urlBaseDatos: 'postgres://u:p@localhost:5433/pagos',
      nivelLog: 'info',
      lote: 200,
      nombre: 'pagos',
      escuchar: false,
    });
  });

  it('informa cada variable inválida con su nombre, su valor y lo que se espera', () => {
    let error: unknown;
    try {
      leerConfiguracion(esquema, { PUERTO_GRPC: 'abc', NIVEL_LOG: 'verbose', TAMANO_LOTE: '900' });
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(ErrorConfiguracion);
    const problemas = (error as ErrorConfiguracion).problemas;
    expect(problemas).to.have.length(4);
    expect(problemas[0]).to.equal('PUERTO_GRPC="abc" no es válida: se espera un puerto TCP entre 0 y 65535');
    expect(problemas[1]).to.match(/^URL_BASE_DATOS no está definida: se espera una URL postgres:/);
    expect(problemas[2]).to.equal(
      'NIVEL_LOG="verbose" no es válida: se espera uno de debug, info, warn, error',
    );
    expect(problemas[3]).to.equal('TAMANO_LOTE="900" no es válida: se espera un entero entre 1 y 500');
    expect((error as Error).message).to.contain('PUERTO_GRPC="abc"');
  });

  it('rechaza una URL con otro protocolo', () => {
    expect(() => leerConfiguracion(esquema, { URL_BASE_DATOS: 'http://localhost' })).to.throw(
      ErrorConfiguracion,
      /URL_BASE_DATOS="http:\/\/localhost" no es válida/,
    );
  });
});

describe('tokens de Dapr en la configuración', () => {
  it('sin APP_API_TOKEN ni DAPR_API_TOKEN el servicio no arranca, y el error nombra cada variable', () => {
    expect(() => leerConfiguracion(TOKENS_DAPR, {}))
      .to.throw(ErrorConfiguracion)
      .that.satisfies((e: ErrorConfiguracion) =>
        ['APP_API_TOKEN no está definida', 'DAPR_API_TOKEN no está definida'].every((m) =>
          e.problemas.some((p) => p.startsWith(m)),
        ),
      );
  });

  it('un token demasiado corto se rechaza sin mostrar su valor', () => {
    const error = (() => {
      try {
        leerConfiguracion(TOKENS_DAPR, { APP_API_TOKEN: 'corto-secreto', DAPR_API_TOKEN: 'x'.repeat(32) });
      } catch (e) {
        return e as ErrorConfiguracion;
      }
      throw new Error('debió fallar');
    })();
    expect(error.message).to.contain('APP_API_TOKEN=<oculto> no es válida');
    expect(error.message).to.not.contain('corto-secreto');
  });
});

describe('HOST_ESCUCHA: dónde escuchan la API y las métricas', () => {
  const esquema = { host: hostEscucha() };

  it('por defecto solo el loopback: la máquina de un desarrollador no expone las APIs a su red', () => {
    expect(leerConfiguracion(esquema, {}).host).to.equal('127.0.0.1');
  });

  it('acepta una dirección literal (0.0.0.0 en un pod) y rechaza un nombre, diciendo qué espera', () => {
    expect(leerConfiguracion(esquema, { HOST_ESCUCHA: '0.0.0.0' }).host).to.equal('0.0.0.0');
    expect(() => leerConfiguracion(esquema, { HOST_ESCUCHA: 'todas' })).to.throw(
      /HOST_ESCUCHA="todas" no es válida: se espera una dirección IPv4 o IPv6 literal/,
    );
  });

  it('la dirección de escucha pone corchetes a IPv6', () => {
    expect(direccionDeEscucha('127.0.0.1', 50051)).to.equal('127.0.0.1:50051');
    expect(direccionDeEscucha('::1', 50051)).to.equal('[::1]:50051');
  });

  it('una variable renombrada acepta su nombre anterior, prefiere el nuevo y nombra el que se escribió', () => {
    const esquemaPool = {
      pool: renombrada(
        entero('MAXIMO_CONEXIONES_BD', { min: 2, max: 200, porDefecto: 20 }),
        'MAXIMO_CONEXIONES_BASE_DATOS',
      ),
    };
    expect(leerConfiguracion(esquemaPool, {}).pool).to.equal(20);
    expect(leerConfiguracion(esquemaPool, { MAXIMO_CONEXIONES_BD: '7' }).pool).to.equal(7);
    expect(
      leerConfiguracion(esquemaPool, { MAXIMO_CONEXIONES_BD: '7', MAXIMO_CONEXIONES_BASE_DATOS: '9' }).pool,
    ).to.equal(9);
    expect(() => leerConfiguracion(esquemaPool, { MAXIMO_CONEXIONES_BD: '1' })).to.throw(
      /^.*MAXIMO_CONEXIONES_BD="1" no es válida/m,
    );
  });
});
