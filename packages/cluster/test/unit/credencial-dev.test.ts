import { expect } from 'chai';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AUDIENCIA_LOCAL, EMISOR_LOCAL } from '@alpes/seedwork';
import { RAIZ_REPO } from '@alpes/entorno';
import { parse } from 'yaml';
import { CONFIGMAP_JWKS_DEV, publicarJwksDev } from '../../src/credencial-dev';

describe('credencial de desarrollo del clúster (JWKS de valores-dev)', () => {
  let dir: string;
  beforeEach(
    () => (dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'alpes-cluster-cred-')), 'credencial-dev')),
  );
  afterEach(() => fs.rmSync(path.dirname(dir), { recursive: true, force: true }));

  it('aplica el namespace y el ConfigMap con el JWKS público; la clave privada no sale de la máquina', async () => {
    const llamadas: { comando: string; args: string[]; entrada: string }[] = [];
    const ejecutar = async (comando: string, args: string[], o: { entrada: string }) => {
      llamadas.push({ comando, args, entrada: o.entrada });
      return '';
    };
    await publicarJwksDev('kubectl', 'kind-alpes', 'alpes', ejecutar, dir);
    await publicarJwksDev('kubectl', 'kind-alpes', 'alpes', ejecutar, dir);
    expect(llamadas).to.have.length(2);
    expect(llamadas[0]!.args).to.deep.equal(['--context', 'kind-alpes', 'apply', '-f', '-']);
    const lista = JSON.parse(llamadas[0]!.entrada) as {
      items: {
        kind: string;
        metadata: { name: string; namespace?: string };
        data?: Record<string, string>;
      }[];
    };
    expect(lista.items.map((i) => `${i.kind}/${i.metadata.name}`)).to.deep.equal([
      'Namespace/alpes',
      `ConfigMap/${CONFIGMAP_JWKS_DEV}`,
    ]);
    const jwks = JSON.parse(lista.items[1]!.data!['jwks.json']!) as { keys: Record<string, string>[] };
    expect(jwks.keys[0]).to.include({ kty: 'EC', alg: 'ES256' });
    expect(jwks.keys[0]).to.not.have.property('d');
    expect(llamadas[1]!.entrada, 'the key pair is reused across deploys').to.equal(llamadas[0]!.entrada);
    expect(fs.statSync(path.join(dir, 'clave-firma.jwk.json')).mode & 0o777).to.equal(0o600);
  });

  it('dice si cambió un ConfigMap que ya estaba (las APIs deben reiniciarse para cargar las claves nuevas)', async () => {
    const con = (salida: string) => async () => salida;
    expect(
      await publicarJwksDev(
        'kubectl',
        'c',
        'alpes',
        con('namespace/alpes unchanged\nconfigmap/alpes-jwks-dev configured\n'),
        dir,
      ),
    ).to.equal(true);
    expect(
      await publicarJwksDev(
        'kubectl',
        'c',
        'alpes',
        con('namespace/alpes unchanged\nconfigmap/alpes-jwks-dev unchanged\n'),
        dir,
      ),
    ).to.equal(false);
    expect(
      await publicarJwksDev(
        'kubectl',
        'c',
        'alpes',
        con('namespace/alpes created\nconfigmap/alpes-jwks-dev created\n'),
        dir,
      ),
    ).to.equal(false);
  });

  it('valores-dev.yaml monta ese ConfigMap y espera el emisor y la audiencia de los tokens que se firman', () => {
    const dev = parse(
      fs.readFileSync(path.join(RAIZ_REPO, 'charts/alpes-pagos/valores-dev.yaml'), 'utf8'),
    ) as {
      api: { autenticacion: { jwksConfigMap: string; emisor: string; audiencia: string } };
    };
    expect(dev.api.autenticacion).to.include({
      jwksConfigMap: CONFIGMAP_JWKS_DEV,
      emisor: EMISOR_LOCAL,
      audiencia: AUDIENCIA_LOCAL,
    });
  });
});
