// Images of the control planes: the official ones are one static binary on distroless
// static:nonroot. Neither can be pulled here, so the base is a local stand-in under the same
// reference and the binaries come from the Go modules; the Dockerfiles mirror upstream's.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { asegurarDir, conProgreso, ErrorEntorno, paso } from '@alpes/entorno';
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

/** The image id (its config digest): kind loads it unchanged, so the nodes hold the same id. */
export function idImagen(referencia: string, env: NodeJS.ProcessEnv): string {
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

/**
 * The pod-template annotation that ties a workload to its image's content: our images keep their
 * release tag when rebuilt, so without it a rebuilt image would never reach the running pods.
 */
export const ANOTACION_IMAGEN = 'alpes.io/imagen';

export const idCorto = (referencia: string, env: NodeJS.ProcessEnv) =>
  idImagen(referencia, env)
    .replace(/^sha256:/, '')
    .slice(0, 16);

/** Which of these images (by id) every node of the cluster already holds: one crictl call per node. */
async function presentesEnNodos(
  o: { kind: string; cluster: string; env: NodeJS.ProcessEnv },
  referencias: string[],
): Promise<Set<string>> {
  const nodos = (await ejecutar(o.kind, ['get', 'nodes', '--name', o.cluster], { env: entornoKind(o.env) }))
    .split('\n')
    .map((n) => n.trim())
    .filter(Boolean);
  const porNodo = await Promise.all(
    nodos.map((n) =>
      ejecutar('docker', ['exec', n, 'crictl', 'images', '-o', 'json'], { env: o.env })
        .then((s) => (JSON.parse(s) as { images: { id: string; repoTags?: string[] }[] }).images)
        .catch(() => []),
    ),
  );
  return new Set(
    referencias.filter((r) => {
      const id = idImagen(r, o.env);
      return porNodo.every((imagenes) => imagenes.some((i) => i.id === id && i.repoTags?.includes(r)));
    }),
  );
}

/** Loads the images some node lacks (kind itself would check them one image and node at a time). */
export async function cargarEnKind(
  o: { kind: string; cluster: string; env: NodeJS.ProcessEnv },
  referencias: string[],
  que: string,
): Promise<void> {
  const presentes = await presentesEnNodos(o, referencias);
  const faltan = referencias.filter((r) => !presentes.has(r));
  if (!faltan.length) {
    paso(`the ${que} images are in every kind node already`);
    return;
  }
  const registro = path.join(asegurarDir(rutasCluster.registros), `kind-load-${que.toLowerCase()}.log`);
  await conProgreso(`loading ${faltan.length} ${que} image(s) into the kind nodes (log: ${registro})`, () =>
    ejecutar(o.kind, ['load', 'docker-image', '--name', o.cluster, ...faltan], {
      env: entornoKind(o.env),
      registro,
    }),
  );
}
