// The node's binaries, each built from its Go module (pause from its C source in the kubernetes
// module): the versions kubeadm 1.34 expects, so kind finds every image preloaded.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { asegurarDir } from '@alpes/entorno';
import { compilarModuloGo, editarGoMod } from '../compilacion-go';
import { rutasCluster } from '../rutas';
import { VERSIONES_CLUSTER as V } from '../versiones';

export const dirHerramienta = (nombre: string, version: string) =>
  path.join(rutasCluster.herramientas, `${nombre}-${version}`);

export const BINARIOS_KUBERNETES = [
  'kubeadm',
  'kubelet',
  'kubectl',
  'kube-apiserver',
  'kube-controller-manager',
  'kube-scheduler',
  'kube-proxy',
] as const;

/** kubeadm refuses binaries without a version: stamp what the release Makefile stamps. */
function ldflagsKubernetes(): string {
  const [mayor, menor] = V.kubernetes.replace(/^v/, '').split('.');
  const variables = {
    gitVersion: V.kubernetes,
    gitMajor: mayor,
    gitMinor: menor,
    gitTreeState: 'clean',
    buildDate: '2026-01-01T00:00:00Z',
  };
  const x = ['k8s.io/component-base/version', 'k8s.io/client-go/pkg/version'].flatMap((pkg) =>
    Object.entries(variables).map(([k, v]) => `-X ${pkg}.${k}=${v}`),
  );
  return ['-s', '-w', ...x].join(' ');
}

/** The kubernetes module builds against its staging/ copies: point it at the published ones. */
function prepararKubernetes(fuente: string): void {
  for (const f of ['go.work', 'go.work.sum', 'vendor'])
    fs.rmSync(path.join(fuente, f), { recursive: true, force: true });
  const mod = JSON.parse(execFileSync('go', ['mod', 'edit', '-json'], { cwd: fuente, encoding: 'utf8' })) as {
    Replace?: { Old: { Path: string }; New: { Path: string } }[];
  };
  const staging = (mod.Replace ?? [])
    .filter((r) => r.New.Path.startsWith('./staging'))
    .map((r) => r.Old.Path);
  const versionStaging = V.kubernetes.replace(/^v1\./, 'v0.');
  const args = staging.flatMap((m) =>
    // the sample-* modules are not published for every release, and nothing we build imports them
    m.startsWith('k8s.io/sample-')
      ? [`-dropreplace=${m}`, `-droprequire=${m}`]
      : [`-dropreplace=${m}`, `-require=${m}@${versionStaging}`],
  );
  editarGoMod(fuente, args);
}

export async function compilarKubernetes(): Promise<string> {
  return compilarModuloGo({
    modulo: 'k8s.io/kubernetes',
    version: V.kubernetes,
    paquetes: BINARIOS_KUBERNETES.map((b) => `./cmd/${b}`),
    destino: dirHerramienta('kubernetes', V.kubernetes),
    ldflags: ldflagsKubernetes(),
    preparar: prepararKubernetes,
  });
}

export async function compilarEtcd(): Promise<string> {
  return compilarModuloGo({
    modulo: 'go.etcd.io/etcd/server/v3',
    version: V.etcd,
    paquetes: ['.'],
    binarioRaiz: 'etcd',
    destino: dirHerramienta('etcd', V.etcd),
    ldflags: '-s -w',
    // its siblings (api, client, pkg) are replaced by ../ paths of the etcd repository
    preparar: (fuente) =>
      editarGoMod(
        fuente,
        ['api/v3', 'client/pkg/v3', 'client/v3', 'pkg/v3'].flatMap((m) => [
          `-dropreplace=go.etcd.io/etcd/${m}`,
          `-require=go.etcd.io/etcd/${m}@${V.etcd}`,
        ]),
      ),
  });
}

export async function compilarCoredns(): Promise<string> {
  return compilarModuloGo({
    modulo: 'github.com/coredns/coredns',
    version: V.coredns,
    paquetes: ['.'],
    binarioRaiz: 'coredns',
    destino: dirHerramienta('coredns', V.coredns),
    ldflags: '-s -w',
  });
}

export async function compilarCrictl(): Promise<string> {
  return compilarModuloGo({
    modulo: 'sigs.k8s.io/cri-tools',
    version: V.crictl,
    paquetes: ['./cmd/crictl'],
    destino: dirHerramienta('crictl', V.crictl),
    ldflags: '-s -w',
  });
}

export async function compilarLocalPath(): Promise<string> {
  return compilarModuloGo({
    modulo: 'github.com/rancher/local-path-provisioner',
    version: V.localPath,
    paquetes: ['.'],
    binarioRaiz: 'local-path-provisioner',
    destino: dirHerramienta('local-path-provisioner', V.localPath),
    ldflags: '-s -w',
  });
}

export async function compilarKind(): Promise<string> {
  return compilarModuloGo({
    modulo: 'sigs.k8s.io/kind',
    version: V.kind,
    paquetes: ['.'],
    binarioRaiz: 'kind',
    destino: dirHerramienta('kind', V.kind),
    ldflags: '-s -w',
  });
}

/** The sandbox image's only binary: a static C program shipped in the kubernetes module. */
export function compilarPause(): string {
  const destino = path.join(dirHerramienta('pause', V.pause), 'pause');
  if (fs.existsSync(destino)) return destino;
  const modulo = JSON.parse(
    execFileSync('go', ['mod', 'download', '-json', `k8s.io/kubernetes@${V.kubernetes}`], {
      encoding: 'utf8',
    }),
  ) as { Dir: string };
  asegurarDir(path.dirname(destino));
  execFileSync('gcc', [
    '-Os',
    '-static',
    '-Wall',
    `-DVERSION=v${V.pause}-alpes`,
    '-o',
    destino,
    path.join(modulo.Dir, 'build/pause/linux/pause.c'),
  ]);
  return destino;
}
