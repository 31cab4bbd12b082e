// The kind node image, assembled offline with `kind build node-image --type file`: kind reads a
// kubernetes-server tarball (version file, kubeadm/kubelet/kubectl, four image archives) and pulls
// every other image it requires unless an archive already names it. All of ours go into
// kube-proxy.tar, whose `repositories` entry is put first and also spells docker.io/ names, the
// two things kind's archive reader looks at.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { asegurarDir, conProgreso } from '@alpes/entorno';
import { ejecutar } from '../comandos';
import { entornoKind } from '../kind';
import { construirImagen } from '../imagen-docker';
import { rutasCluster } from '../rutas';
import { VERSIONES_CLUSTER as V } from '../versiones';
import { compilarCrictl, compilarKind, compilarKubernetes } from './binarios';
import { construirImagenesDelNodo } from './imagenes-componentes';

export const IMAGEN_NODO = `alpes/kind-node:${V.kubernetes}`;
const IMAGEN_BASE = `alpes/kind-base:${V.kind}`;
const DIR_BASE = path.resolve(__dirname, '../../../imagenes/nodo-base');

function existeImagen(referencia: string, env: NodeJS.ProcessEnv): boolean {
  return spawnSync('docker', ['image', 'inspect', referencia], { env, stdio: 'ignore' }).status === 0;
}

/** kindest/base rebuilt on Debian: kind's own files come from its module, ours from imagenes/nodo-base. */
export async function construirImagenBase(env: NodeJS.ProcessEnv): Promise<string> {
  const kind = JSON.parse(
    execFileSync('go', ['mod', 'download', '-json', `sigs.k8s.io/kind@${V.kind}`], { encoding: 'utf8' }),
  ) as { Dir: string };
  await construirImagen(
    {
      referencia: IMAGEN_BASE,
      dockerfile: fs.readFileSync(path.join(DIR_BASE, 'Dockerfile'), 'utf8'),
      archivos: {
        'kind-files': path.join(kind.Dir, 'images/base/files'),
        alpes: path.join(DIR_BASE, 'alpes'),
        crictl: path.join(await compilarCrictl(), 'crictl'),
      },
    },
    env,
  );
  return IMAGEN_BASE;
}

/** Builds the node image when missing (or when `forzar`), with every image the cluster starts. */
export async function asegurarImagenNodo(env: NodeJS.ProcessEnv, forzar = false): Promise<string> {
  const kind = path.join(await compilarKind(), 'kind');
  const k8s = await compilarKubernetes();
  const base = await construirImagenBase(env);
  const imagenes = await construirImagenesDelNodo(env);
  // kind cannot label what it builds: the ids of every image that went into it are kept beside
  const huella = (
    await ejecutar(
      'docker',
      ['image', 'inspect', '--format', '{{.Id}}', base, ...imagenes.propias, ...imagenes.adicionales],
      { env },
    )
  ).trim();
  // beside the engine's image store, which clones share
  const archivoHuella = path.join(asegurarDir(rutasCluster.docker), `kind-node-${V.kubernetes}.huella`);
  const anterior = fs.existsSync(archivoHuella) ? fs.readFileSync(archivoHuella, 'utf8') : '';
  if (!forzar && anterior === huella && existeImagen(IMAGEN_NODO, env)) return IMAGEN_NODO;
  await conProgreso(`assembling the kind node image ${IMAGEN_NODO}`, async () => {
    const dir = path.join(asegurarDir(rutasCluster.construccion), 'nodo');
    fs.rmSync(dir, { recursive: true, force: true });
    const bin = asegurarDir(path.join(dir, 'kubernetes/server/bin'));
    fs.writeFileSync(path.join(dir, 'kubernetes/version'), `${V.kubernetes}\n`);
    for (const b of ['kubeadm', 'kubelet', 'kubectl']) fs.copyFileSync(path.join(k8s, b), path.join(bin, b));
    for (const referencia of imagenes.propias) {
      const nombre = referencia.split('/').pop()!.split(':')[0]!;
      await archivoDeImagenes([referencia], path.join(bin, `${nombre}.tar`), env);
    }
    await archivoDeImagenes(imagenes.adicionales, path.join(bin, 'kube-proxy.tar'), env);
    const tarball = path.join(dir, 'kubernetes-server-linux-amd64.tar.gz');
    // gzip -1: the archive (~1.4 GB) is read once, by kind, a few seconds later
    execFileSync('tar', ['--use-compress-program=gzip -1', '-cf', tarball, '-C', dir, 'kubernetes']);
    const registro = path.join(asegurarDir(rutasCluster.registros), 'kind-build-node-image.log');
    await ejecutar(
      kind,
      ['build', 'node-image', '--type', 'file', tarball, '--base-image', base, '--image', IMAGEN_NODO],
      {
        env: entornoKind(env),
        registro,
      },
    );
    fs.rmSync(dir, { recursive: true, force: true });
    fs.writeFileSync(archivoHuella, huella);
  });
  return IMAGEN_NODO;
}

/** `docker save` of several images, re-packed with `repositories` first, docker.io names included. */
async function archivoDeImagenes(
  referencias: string[],
  destino: string,
  env: NodeJS.ProcessEnv,
): Promise<void> {
  const dir = `${destino}.d`;
  fs.rmSync(dir, { recursive: true, force: true });
  asegurarDir(dir);
  await ejecutar('docker', ['save', '-o', path.join(dir, 'imagenes.tar'), ...referencias], { env });
  const extraido = asegurarDir(path.join(dir, 'x'));
  execFileSync('tar', ['-xf', path.join(dir, 'imagenes.tar'), '-C', extraido]);
  const repositorios = JSON.parse(fs.readFileSync(path.join(extraido, 'repositories'), 'utf8')) as Record<
    string,
    Record<string, string>
  >;
  for (const [repo, etiquetas] of Object.entries(repositorios)) {
    // docker saves docker.io images under their short name; kind compares fully qualified ones
    if (repo.split('/').length === 2 && !repo.includes('.')) repositorios[`docker.io/${repo}`] = etiquetas;
  }
  fs.writeFileSync(path.join(extraido, 'repositories'), JSON.stringify(repositorios));
  const resto = fs.readdirSync(extraido).filter((e) => e !== 'repositories');
  execFileSync('tar', ['-cf', destino, '-C', extraido, 'repositories', ...resto]);
  fs.rmSync(dir, { recursive: true, force: true });
}
