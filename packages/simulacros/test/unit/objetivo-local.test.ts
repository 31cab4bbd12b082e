// The control-API contract the local target expects from the supervisor of `npm start`.
import { expect } from 'chai';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ControlLocalHttp,
  ObjetivoLocal,
  direccionesLocales,
  urlControlPorOmision,
} from '../../src/objetivos/local';

describe('objetivo local sobre la API de control del supervisor', () => {
  let servidor: http.Server;
  let base: string;
  const peticiones: string[] = [];
  const credenciales: (string | undefined)[] = [];
  let consultasEstado = 0;

  before(async () => {
    servidor = http.createServer((req, res) => {
      peticiones.push(`${req.method} ${req.url}`);
      credenciales.push(req.headers.authorization);
      const responder = (estado: number, cuerpo: unknown) => {
        res.writeHead(estado, { 'content-type': 'application/json' });
        res.end(JSON.stringify(cuerpo));
      };
      if (req.url === '/procesos/kafka/matar') return responder(400, { error: "unknown process 'kafka'" });
      if (req.url?.endsWith('/estado')) {
        consultasEstado++;
        return responder(
          200,
          consultasEstado < 3 ? { vivo: true, pid: 7 } : { vivo: true, pid: 7, listoDesde: 1 },
        );
      }
      responder(200, { vivo: req.url?.endsWith('/reiniciar') ?? false });
    });
    await new Promise<void>((r) => servidor.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(servidor.address() as AddressInfo).port}`;
  });

  after(() => servidor.close());

  it('matar y reiniciar son POST a /procesos/<nombre>/{matar,reiniciar}; listo se sondea con GET estado', async () => {
    const objetivo = new ObjetivoLocal(
      new ControlLocalHttp(base, 'token-de-la-ejecucion'),
      direccionesLocales({}),
      async () => undefined,
    );
    await objetivo.matar('daprd-liquidacion');
    await objetivo.reiniciar('daprd-liquidacion');
    await objetivo.esperarListo('daprd-liquidacion', 10_000);
    expect(peticiones).to.deep.equal([
      'POST /procesos/daprd-liquidacion/matar',
      'POST /procesos/daprd-liquidacion/reiniciar',
      'GET /procesos/daprd-liquidacion/estado',
      'GET /procesos/daprd-liquidacion/estado',
      'GET /procesos/daprd-liquidacion/estado',
    ]);
    // the supervisor refuses requests without this run's token
    expect(new Set(credenciales)).to.deep.equal(new Set(['Bearer token-de-la-ejecucion']));
  });

  it('un error del supervisor se muestra con su mensaje', async () => {
    let error: Error | undefined;
    await new ControlLocalHttp(base, 't').matar('kafka').catch((e: Error) => (error = e));
    expect(error?.message).to.match(/matar kafka: .*unknown process 'kafka'/);
  });

  it('sin supervisor, el error dice dónde lo buscó', async () => {
    let error: Error | undefined;
    await new ControlLocalHttp('http://127.0.0.1:9', 't').estado('pagos').catch((e: Error) => (error = e));
    expect(error?.message).to.match(/npm start.*http:\/\/127\.0\.0\.1:9/);
  });

  it('las direcciones y el puerto de control siguen los puertos movidos del entorno', () => {
    expect(urlControlPorOmision({})).to.equal('http://127.0.0.1:4099');
    expect(urlControlPorOmision({ ALPES_PUERTO_CONTROL: '14099' })).to.equal('http://127.0.0.1:14099');
    expect(
      direccionesLocales({ ALPES_PUERTO_PAGOS_GRPC: '60051', ALPES_PUERTO_PULSAR_ADMIN: '18080' }),
    ).to.deep.equal({
      pagos: '127.0.0.1:60051',
      liquidacion: '127.0.0.1:50052',
      pasarela: 'http://127.0.0.1:4010',
      pulsarAdmin: 'http://127.0.0.1:18080',
      daprHttp: 'http://127.0.0.1:3500',
      appCallbacks: { pagos: '127.0.0.1:50061', liquidacion: '127.0.0.1:50062' },
    });
  });
});
