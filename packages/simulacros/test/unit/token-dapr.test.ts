// Poison goes through daprd's publish API, which requires DAPR_API_TOKEN: each target finds it
// (local: the run's tokens file or ALPES_DAPR_API_TOKEN; k8s: the chart's Secret) and sends it.
import { expect } from 'chai';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { CONFIG_K8S_POR_OMISION, ObjetivoK8s } from '../../src/objetivos/k8s';
import {
  direccionesLocales,
  ObjetivoLocal,
  tokenDaprLocal,
  type ControlLocal,
} from '../../src/objetivos/local';

describe('token de daprd en los simulacros', () => {
  let servidor: http.Server;
  let puerto: number;
  const tokensRecibidos: (string | undefined)[] = [];

  before(async () => {
    servidor = http.createServer((req, res) => {
      tokensRecibidos.push(req.headers['dapr-api-token'] as string | undefined);
      res.writeHead(204).end();
    });
    await new Promise<void>((r) => servidor.listen(0, '127.0.0.1', r));
    puerto = (servidor.address() as AddressInfo).port;
  });
  after(() => servidor.close());
  beforeEach(() => (tokensRecibidos.length = 0));

  it('local: ALPES_DAPR_API_TOKEN manda; si no, el archivo de tokens de npm start; sin ninguno, nada', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokens-'));
    const archivo = path.join(dir, 'tokens-dapr.json');
    fs.writeFileSync(archivo, JSON.stringify({ app: 'a'.repeat(64), dapr: 'd'.repeat(64) }));
    expect(tokenDaprLocal({}, archivo)).to.equal('d'.repeat(64));
    expect(tokenDaprLocal({ ALPES_DAPR_API_TOKEN: 'del-entorno' }, archivo)).to.equal('del-entorno');
    expect(tokenDaprLocal({}, path.join(dir, 'no-existe.json'))).to.equal(undefined);
  });

  it('local: publica el veneno con dapr-api-token', async () => {
    const dirs = { ...direccionesLocales({}), daprHttp: `http://127.0.0.1:${puerto}` };
    const objetivo = new ObjetivoLocal({} as ControlLocal, dirs, undefined, 'token-local');
    await objetivo.publicarCrudo('pagos-solicitados', Buffer.from('x'));
    expect(tokensRecibidos).to.deep.equal(['token-local']);
  });

  it('k8s: lee el token del Secret del chart una vez y lo envía en cada publicación', async () => {
    const comandos: string[] = [];
    const ejecutor = {
      ejecutar: async (comando: string, args: string[]) => {
        comandos.push([comando, ...args].join(' '));
        return args.includes('secret') ? Buffer.from('token-del-secret').toString('base64') : '';
      },
      lanzar: () => ({ detener: () => undefined, terminado: new Promise<number>(() => undefined) }),
    };
    const config = {
      ...CONFIG_K8S_POR_OMISION,
      contexto: 'kind-alpes',
      reenvios: {
        ...CONFIG_K8S_POR_OMISION.reenvios,
        daprHttp: { recurso: 'deploy/pagos', local: puerto, remoto: 3500 },
      },
    };
    const k8s = new ObjetivoK8s(ejecutor, config, {
      esperar: async () => undefined,
      esperarPuerto: async () => undefined,
    });
    await k8s.publicarCrudo('pagos-solicitados', Buffer.from('x'));
    await k8s.publicarCrudo('pagos-solicitados', Buffer.from('y'));
    expect(tokensRecibidos).to.deep.equal(['token-del-secret', 'token-del-secret']);
    expect(comandos).to.deep.equal([
      'kubectl --context kind-alpes get secret alpes-dapr-token-api -o jsonpath={.data.token}',
    ]);
    await k8s.cerrar();
  });
});
