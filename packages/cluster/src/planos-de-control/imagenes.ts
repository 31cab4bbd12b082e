// Images of the control planes: the official ones are one static binary on distroless
// static:nonroot. Neither can be pulled here, so the base is a local stand-in under the same
// reference and the binaries come from the Go modules; the Dockerfiles mirror upstream's.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { asegurarDir, conProgreso, ErrorEntorno } from '@alpes/entorno';
import { ejecutar } from '../comandos';
import { construirImagen } from '../imagen-docker';
import { entornoKind } from '../kind';
import { rutasCluster } from '../rutas';

export const BASE_DISTROLESS = 'gcr.io/distroless/static:nonroot';

/** packages/cluster/imagenes (from dist/src/planos-de-control). */
export const DIR_IMAGENES = path.resolve(__dirname, '../../../imagenes');

// distroless static's accounts: root, nobody, and nonroot (65532), which runAsNonRoot relies on
const PASSWD = `root:x:0:0:root:/root:/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin
nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin
`;
const GROUP = `root:x:0:
tty:x:5:
staff:x:50:
nobody:x:65534:
nonroot:x:65532:
`;
const NSSWITCH = 'hosts: files dns\n';

/** Writes only on change: the image fingerprint is size + mtime, so an untouched file keeps it. */
function escribirSiCambia(archivo: string, contenido: string | Buffer, modo = 0o644): void {
  const actual = fs.existsSync(archivo) ? fs.readFileSync(archivo) : undefined;
  if (actual && actual.equals(Buffer.from(contenido))) return;
  asegurarDir(path.dirname(archivo));
  fs.writeFileSync(archivo, contenido, { mode: modo });
}

/** The context of the distroless stand-in: a tiny root file system, stable between runs. */
function raizDistroless(): string {
  const dir = asegurarDir(path.join(rutasCluster.construccion, 'distroless-static'));
  const raiz = path.join(dir, 'raiz');
  escribirSiCambia(path.join(raiz, 'etc/passwd'), PASSWD);
  escribirSiCambia(path.join(raiz, 'etc/group'), GROUP);
  escribirSiCambia(path.join(raiz, 'etc/nsswitch.conf'), NSSWITCH);
  // the host's CA bundle and zone database (Debian's ca-certificates and tzdata, as distroless ships)
  const certificados = '/etc/ssl/certs/ca-certificates.crt';
  if (!fs.existsSync(certificados)) {
    throw new ErrorEntorno(
      `${certificados} not found: install Debian's CA bundle (apt-get install ca-certificates)`,
    );
  }
  escribirSiCambia(path.join(raiz, 'etc/ssl/certs/ca-certificates.crt'), fs.readFileSync(certificados));
  const zonas = path.join(raiz, 'usr/share/zoneinfo');
  if (!fs.existsSync(zonas) && fs.existsSync('/usr/share/zoneinfo')) {
    fs.cpSync('/usr/share/zoneinfo', zonas, { recursive: true, dereference: true });
  }
  const tmp = asegurarDir(path.join(raiz, 'tmp'));
  fs.chmodSync(tmp, 0o1777);
  asegurarDir(path.join(raiz, 'home'));
  asegurarDir(path.join(dir, 'nonroot'));
  return dir;
}

function idImagen(referencia: string, env: NodeJS.ProcessEnv): string {
  const r = spawnSync('docker', ['image', 'inspect', '--format', '{{.Id}}', referencia], {
    env,
    encoding: 'utf8',
  });
  if (r.status !== 0)
    throw new ErrorEntorno(`image ${referencia} is not in the Docker engine: ${r.stderr.trim()}`);
  return r.stdout.trim();
}

/** The stand-in base, built once; returns its image id (so images on top rebuild when it changes). */
export async function asegurarBaseDistroless(env: NodeJS.ProcessEnv): Promise<string> {
  const dir = raizDistroless();
  await construirImagen(
    {
      referencia: BASE_DISTROLESS,
      dockerfile: fs.readFileSync(path.join(DIR_IMAGENES, 'dapr', 'distroless-static.Dockerfile'), 'utf8'),
      archivos: { raiz: path.join(dir, 'raiz'), nonroot: path.join(dir, 'nonroot') },
    },
    env,
  );
  return idImagen(BASE_DISTROLESS, env);
}

export interface ImagenBinario {
  referencia: string;
  /** Dockerfile text (from packages/cluster/imagenes/...). */
  dockerfile: string;
  /** File name in the context -> the binary. */
  archivos: Record<string, string>;
}

/** Builds each image on the stand-in base (skipped when its inputs did not change). */
export async function construirSobreBase(
  imagenes: ImagenBinario[],
  env: NodeJS.ProcessEnv,
  que: string,
): Promise<void> {
  const base = await asegurarBaseDistroless(env);
  await conProgreso(`building the ${que} images (${imagenes.length})`, async () => {
    for (const i of imagenes) {
      // the base's id in the text: a new base changes the fingerprint, so these rebuild on top of it
      const dockerfile = `# ${BASE_DISTROLESS} = ${base}\n${i.dockerfile}`;
      await construirImagen({ referencia: i.referencia, dockerfile, archivos: i.archivos }, env);
    }
  });
}

/** kind skips the images its nodes already hold with the same id, so this is quick when nothing changed. */
export async function cargarEnKind(
  o: { kind: string; cluster: string; env: NodeJS.ProcessEnv },
  referencias: string[],
  que: string,
): Promise<void> {
  const registro = path.join(asegurarDir(rutasCluster.registros), `kind-load-${que.toLowerCase()}.log`);
  await conProgreso(`loading the ${que} images into the kind nodes (log: ${registro})`, () =>
    ejecutar(o.kind, ['load', 'docker-image', '--name', o.cluster, ...referencias], {
      env: entornoKind(o.env),
      registro,
    }),
  );
}
