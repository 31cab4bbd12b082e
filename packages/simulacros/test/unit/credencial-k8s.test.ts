// The k8s target's API calls carry tokens signed with the cluster's dev key (the one whose JWKS
// `npm run cluster -- deploy` put in the namespace), not the local runtime's.
import { expect } from 'chai';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { asegurarClavesLocales } from '@alpes/seedwork';
import { CONFIG_K8S_POR_OMISION, ObjetivoK8s, type EjecutorComandos } from '../../src/objetivos/k8s';

const ejecutor: EjecutorComandos = {
  ejecutar: async () => '',
  lanzar: () => ({ detener: () => undefined, terminado: new Promise<number>(() => undefined) }),
};

/** The JWT's header and payload (the signature is not decoded). */
function partes(token: string) {
  const [cabecera, cuerpo] = token
    .split('.')
    .slice(0, 2)
    .map((p) => JSON.parse(Buffer.from(p, 'base64url').toString()));
  return { cabecera, cuerpo };
}

describe('objetivo k8s: credencial de las llamadas a la API', () => {
  let dir: string;
  let previo: string | undefined;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alpes-k8s-cred-'));
    previo = process.env.ALPES_TOKEN;
    delete process.env.ALPES_TOKEN;
  });
  after(() => {
    fs.rmSync(dir, { recursive: true, force: true });
    if (previo !== undefined) process.env.ALPES_TOKEN = previo;
  });

  it('sin clave de desarrollo del clúster no envía token (el servicio responderá UNAUTHENTICATED)', async () => {
    const k8s = new ObjetivoK8s(ejecutor, {
      ...CONFIG_K8S_POR_OMISION,
      dirCredencial: path.join(dir, 'vacio'),
    });
    expect(await k8s.credencial()).to.equal(undefined);
  });

  it('firma con la clave del clúster, con todos los permisos', async () => {
    asegurarClavesLocales(path.join(dir, 'cluster'));
    const jwks = JSON.parse(fs.readFileSync(path.join(dir, 'cluster', 'jwks.json'), 'utf8')) as {
      keys: { kid: string }[];
    };
    const k8s = new ObjetivoK8s(ejecutor, {
      ...CONFIG_K8S_POR_OMISION,
      dirCredencial: path.join(dir, 'cluster'),
    });
    const { cabecera, cuerpo } = partes((await k8s.credencial())!);
    expect(cabecera.kid).to.equal(jwks.keys[0]!.kid);
    expect(cuerpo.scope.split(' ')).to.include.members(['pagos:solicitar', 'pagos:leer', 'pagos:reintentar']);
  });
});
