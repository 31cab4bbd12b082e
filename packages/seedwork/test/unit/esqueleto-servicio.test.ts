import * as net from 'node:net';
import { expect } from 'chai';
import { pagos } from '@alpes/contratos';
import { crearLogger, ErrorConfiguracion, Metricas } from '../../src';
import {
  ErrorArranque,
  iniciarEsqueletoServicio,
  type ConfiguracionEsqueleto,
  type PartesServicio,
} from '../../src/servicio';
import { puertoAbierto, puertoLibre } from '../../src/pruebas';

// The skeleton's order with fakes for a service's parts and its real listeners on loopback: what starts
// when, what stops when, and what a failing start step leaves behind (nothing running).

const MENSAJES = { migraciones: 'migraciones hechas', listo: 'prueba lista', detenido: 'prueba detenida' };

function configuracion(cambios: Partial<ConfiguracionEsqueleto> = {}): ConfiguracionEsqueleto {
  return {
    appId: 'prueba',
    hostEscucha: '127.0.0.1',
    puertoGrpc: 0,
    puertoAppCallback: 0,
    puertoMetricas: 0,
    tokenApp: 'token-app-de-prueba-0123456789',
    migrarAlIniciar: false,
    urlBaseDatosMigracion: '',
    maximoEntregasEnCurso: 10,
    jwksTokens: '',
    emisorTokens: '',
    audienciaTokens: '',
    algoritmosTokens: 'ES256',
    autenticacionDesactivada: true,
    certificadoTls: '',
    claveTls: '',
    reflexionGrpc: false,
    puertoSaludPlano: 0,
    endpointOtlp: '',
    endpointOtlpTrazas: '',
    nombreServicioOtel: '',
    otelDesactivado: false,
    ...cambios,
  };
}

describe('esqueleto de servicio (orden de arranque y de parada)', function () {
  this.timeout(20_000);
  let sucesos: string[];
  let puertoAppCallback: number;
  let puertoMetricas: number;

  const logger = () =>
    crearLogger({
      servicio: 'prueba',
      nivel: 'info',
      escribir: (l) => sucesos.push(`log: ${(JSON.parse(l) as { msg: string }).msg}`),
    });

  /** Fakes that record when they run, and what of the process is listening at that moment. */
  function partes(cambios: Partial<PartesServicio> = {}): PartesServicio {
    return {
      migraciones: [],
      api: {
        nombre: 'alpespartners.pagos.v1.PagosService',
        definicion: pagos.PagosServiceService,
        implementacion: {},
      },
      suscripciones: [],
      relay: {
        iniciar: async () => {
          sucesos.push(`relay.iniciar (métricas escuchando: ${await puertoAbierto(puertoMetricas)})`);
        },
        detener: async (plazoMs) => {
          sucesos.push(`relay.detener ${plazoMs}`);
        },
      },
      tareas: [{ iniciar: () => sucesos.push('tarea.iniciar') }],
      metricas: new Metricas('', { servicio: 'prueba' }),
      plazos: { servidores: 1000, relay: 1234 },
      antesDelRelay: [
        async () => {
          sucesos.push(`antesDelRelay (AppCallback escuchando: ${await puertoAbierto(puertoAppCallback)})`);
        },
      ],
      liberar: async () => {
        sucesos.push(`liberar (métricas escuchando: ${await puertoAbierto(puertoMetricas)})`);
      },
      ...cambios,
    };
  }

  beforeEach(async () => {
    sucesos = [];
    [puertoAppCallback, puertoMetricas] = [await puertoLibre(), await puertoLibre()];
  });

  it('arranca seguridad → AppCallback → relay → tareas → métricas → escucha gRPC, y para en el orden de parada', async () => {
    const config = configuracion({ puertoAppCallback, puertoMetricas });
    const s = await iniciarEsqueletoServicio(config, logger(), {
      nombre: 'prueba',
      mensajes: MENSAJES,
      crearPartes: () => {
        sucesos.push('crearPartes');
        return partes();
      },
    });
    expect(s.puertoAppCallback).to.equal(puertoAppCallback);
    expect(s.puertoMetricas).to.equal(puertoMetricas);
    expect(s.plazoDetencionMs, 'servers 1000 + relay 1234').to.equal(2234);
    expect(await puertoAbierto(s.puertoGrpc)).to.equal(true);
    expect(await puertoAbierto(s.puertoAppCallback)).to.equal(true);
    const arranque = [...sucesos];
    sucesos.length = 0;
    await s.detener();

    expect(arranque).to.deep.equal([
      'crearPartes',
      'log: AUTENTICACION_DESACTIVADA=true: la API pública acepta llamadas sin credencial',
      'log: AppCallback de Dapr escuchando',
      'relay.iniciar (métricas escuchando: false)',
      'tarea.iniciar',
      'log: servidor gRPC escuchando',
      'log: prueba lista',
    ]);
    expect(sucesos).to.deep.equal([
      'log: servidor gRPC detenido',
      'antesDelRelay (AppCallback escuchando: false)',
      'relay.detener 1234',
      'liberar (métricas escuchando: false)',
      'log: prueba detenida',
    ]);
    expect(await puertoAbierto(s.puertoGrpc)).to.equal(false);
  });

  it('si falla un paso, detiene lo ya iniciado y el error nombra el paso', async () => {
    const ocupante = net.createServer();
    await new Promise<void>((r) => ocupante.listen(puertoMetricas, '127.0.0.1', r));
    try {
      const config = configuracion({ puertoAppCallback, puertoMetricas });
      const error = await iniciarEsqueletoServicio(config, logger(), {
        nombre: 'prueba',
        mensajes: MENSAJES,
        crearPartes: () => partes(),
      }).then(
        () => expect.fail('arrancó con el puerto de métricas ocupado'),
        (e: unknown) => e,
      );
      expect(error).to.be.instanceOf(ErrorArranque);
      expect((error as ErrorArranque).paso).to.equal('servidor de métricas');
      expect((error as Error).message).to.match(
        /prueba no pudo iniciar en el paso "servidor de métricas": .*EADDRINUSE/,
      );
      expect(((error as Error).cause as NodeJS.ErrnoException).code).to.equal('EADDRINUSE');
      expect(sucesos.filter((l) => !l.startsWith('log: AUTENTICACION'))).to.deep.equal([
        'log: AppCallback de Dapr escuchando',
        'relay.iniciar (métricas escuchando: true)', // the occupant
        'tarea.iniciar',
        'log: servidor gRPC detenido', // built, not yet listening
        'antesDelRelay (AppCallback escuchando: false)',
        'relay.detener 1234',
        'liberar (métricas escuchando: true)',
      ]);
      expect(await puertoAbierto(puertoAppCallback)).to.equal(false);
    } finally {
      await new Promise<void>((r) => ocupante.close(() => r()));
    }
  });

  it('un relay que no arranca: el AppCallback se cierra, el relay se detiene, las tareas no empiezan', async () => {
    const config = configuracion({ puertoAppCallback, puertoMetricas });
    const error = await iniciarEsqueletoServicio(config, logger(), {
      nombre: 'prueba',
      mensajes: MENSAJES,
      crearPartes: () =>
        partes({
          relay: {
            iniciar: () => Promise.reject(new Error('sin base de datos')),
            detener: async () => {
              sucesos.push('relay.detener');
            },
          },
          antesDelRelay: [],
        }),
    }).then(
      () => expect.fail('arrancó sin relay'),
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(ErrorArranque);
    expect((error as Error).message).to.equal(
      'prueba no pudo iniciar en el paso "relay del outbox": sin base de datos',
    );
    expect(sucesos.filter((l) => !l.startsWith('log: AUTENTICACION'))).to.deep.equal([
      'log: AppCallback de Dapr escuchando',
      'log: servidor gRPC detenido',
      'relay.detener',
      'liberar (métricas escuchando: false)',
    ]);
    expect(await puertoAbierto(puertoAppCallback)).to.equal(false);
  });

  it('un error de configuración de la seguridad sale tal cual, sin nada iniciado', async () => {
    const error = await iniciarEsqueletoServicio(
      configuracion({ autenticacionDesactivada: false, puertoAppCallback, puertoMetricas }),
      logger(),
      { nombre: 'prueba', mensajes: MENSAJES, crearPartes: () => partes() },
    ).then(
      () => expect.fail('arrancó sin JWKS'),
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(ErrorConfiguracion);
    expect((error as ErrorConfiguracion).problemas.join('\n')).to.match(/JWKS_TOKENS/);
    expect(sucesos).to.deep.equal([
      'antesDelRelay (AppCallback escuchando: false)',
      'liberar (métricas escuchando: false)',
    ]);
  });

  it('las migraciones que fallan nombran su paso y nada queda escuchando', async () => {
    const config = configuracion({
      puertoAppCallback,
      puertoMetricas,
      migrarAlIniciar: true,
      urlBaseDatosMigracion: 'postgres://nadie@127.0.0.1:1/prueba',
    });
    const error = await iniciarEsqueletoServicio(config, logger(), {
      nombre: 'prueba',
      mensajes: MENSAJES,
      crearPartes: () => partes(),
    }).then(
      () => expect.fail('arrancó sin base de datos'),
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(ErrorArranque);
    expect((error as ErrorArranque).paso).to.equal('migraciones');
    expect(sucesos.filter((l) => !l.startsWith('log: AUTENTICACION'))).to.deep.equal([
      'antesDelRelay (AppCallback escuchando: false)',
      'liberar (métricas escuchando: false)',
    ]);
  });
});
