// The kind cluster: created from our node image, with a bridge CNI routed between nodes by us
// (kindnetd is not obtainable), and, on hosts that refuse --privileged, through a docker shim.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { asegurarDir, conProgreso, ErrorEntorno, paso } from '@alpes/entorno';
import { ejecutar } from './comandos';
import { rutasCluster } from './rutas';

export const NOMBRE_CLUSTER = 'alpes';
export const CONTEXTO = `kind-${NOMBRE_CLUSTER}`;

// What --privileged grants, minus CAP_SYS_RESOURCE: some hosts' capability bounding set lacks it,
// and then Docker refuses every --privileged container ("unable to apply caps").
const EN_LUGAR_DE_PRIVILEGED = [
  '--cap-add=ALL',
  '--cap-drop=SYS_RESOURCE',
  '--security-opt',
  'systempaths=unconfined',
  '--security-opt',
  'seccomp=unconfined',
  '--device-cgroup-rule=a *:* rwm',
  '--device',
  '/dev/kmsg',
  '--device',
  '/dev/fuse',
];

/** kind always runs nodes with --privileged; where the host refuses it, kind goes through a shim. */
export function entornoKind(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const dir = path.join(rutasCluster.herramientas, 'docker-sin-privileged');
  const sinShim = (env.PATH ?? '').split(':').filter((d) => d && path.resolve(d) !== dir);
  const limpio = { ...env, PATH: sinShim.join(':') };
  if (privilegedFunciona(limpio)) return limpio;
  // the real docker, never the shim itself (an env that already went through here has it first)
  const real = spawnSync('sh', ['-c', 'command -v docker'], { env: limpio, encoding: 'utf8' }).stdout.trim();
  if (!real) throw new ErrorEntorno('docker was not found on PATH');
  const sustituto = EN_LUGAR_DE_PRIVILEGED.map((a) => `'${a}'`).join(' ');
  asegurarDir(dir);
  fs.writeFileSync(
    path.join(dir, 'docker'),
    `#!/bin/bash
# Written by npm run cluster: this host refuses --privileged (its capability bounding set lacks
# CAP_SYS_RESOURCE), so kind's node containers get every other capability instead.
args=()
for a in "$@"; do
  if [[ "$a" == --privileged ]]; then
    if [[ "$1" == run || "$1" == create ]]; then args+=(${sustituto}); fi
    continue
  fi
  args+=("$a")
done
exec ${real} "\${args[@]}"
`,
    { mode: 0o755 },
  );
  return { ...limpio, PATH: [dir, ...sinShim].join(':') };
}

let privilegedCache: boolean | undefined;
function privilegedFunciona(env: NodeJS.ProcessEnv): boolean {
  privilegedCache ??=
    spawnSync('docker', ['run', '--rm', '--privileged', '--entrypoint', 'true', 'debian:bookworm-slim'], {
      env,
      stdio: 'ignore',
    }).status === 0;
  return privilegedCache;
}

export function configuracionKind(imagenNodo: string, trabajadores: number): string {
  return stringify({
    kind: 'Cluster',
    apiVersion: 'kind.x-k8s.io/v1alpha4',
    name: NOMBRE_CLUSTER,
    networking: { disableDefaultCNI: true, kubeProxyMode: 'nftables' },
    nodes: [
      { role: 'control-plane', image: imagenNodo },
      ...Array.from({ length: trabajadores }, () => ({ role: 'worker', image: imagenNodo })),
    ],
  });
}

/** Node containers of the cluster that are not running (an engine restart stops them all). */
export function nodosDetenidos(kind: string, env: NodeJS.ProcessEnv): string[] {
  const r = spawnSync(kind, ['get', 'nodes', '--name', NOMBRE_CLUSTER], {
    env: entornoKind(env),
    encoding: 'utf8',
  });
  return r.stdout
    .split('\n')
    .map((n) => n.trim())
    .filter((n) => n && !contenedorEnMarcha(n, env));
}

export function clusterExiste(kind: string, env: NodeJS.ProcessEnv): boolean {
  const r = spawnSync(kind, ['get', 'clusters'], { env: entornoKind(env), encoding: 'utf8' });
  return r.status === 0 && r.stdout.split('\n').includes(NOMBRE_CLUSTER);
}

export async function crearCluster(o: {
  kind: string;
  env: NodeJS.ProcessEnv;
  imagenNodo: string;
  trabajadores: number;
}) {
  const config = path.join(asegurarDir(rutasCluster.construccion), 'kind.yaml');
  fs.writeFileSync(config, configuracionKind(o.imagenNodo, o.trabajadores));
  const registro = path.join(asegurarDir(rutasCluster.registros), 'kind-create.log');
  await conProgreso(
    `creating the kind cluster '${NOMBRE_CLUSTER}' (1 control plane, ${o.trabajadores} workers)`,
    () =>
      ejecutar(o.kind, ['create', 'cluster', '--config', config, '--wait', '0s', '--retain'], {
        env: entornoKind(o.env),
        registro,
      }),
  );
}

interface Nodo {
  nombre: string;
  ip: string;
  podCIDR: string;
}

export async function nodos(kubectl: string): Promise<Nodo[]> {
  const json = JSON.parse(await ejecutar(kubectl, ['--context', CONTEXTO, 'get', 'nodes', '-o', 'json'])) as {
    items: {
      metadata: { name: string };
      spec: { podCIDR?: string };
      status: { addresses: { type: string; address: string }[] };
    }[];
  };
  return json.items.map((n) => ({
    nombre: n.metadata.name,
    ip: n.status.addresses.find((a) => a.type === 'InternalIP')?.address ?? '',
    podCIDR: n.spec.podCIDR ?? '',
  }));
}

// kind's default podSubnet
const RED_PODS = '10.244.0.0/16';

/**
 * Each node reaches the other nodes' pods through a static route, and masquerades only what
 * leaves the pod network (what kindnetd would program). Run again after a node restarts: its
 * container may come back with another address.
 */
export async function enrutarPods(kubectl: string, env: NodeJS.ProcessEnv): Promise<void> {
  const lista = (await nodos(kubectl)).filter((n) => n.ip && n.podCIDR);
  for (const n of lista) {
    if (!contenedorEnMarcha(n.nombre, env)) continue;
    const regla = ['POSTROUTING', '-s', RED_PODS, '!', '-d', RED_PODS, '-j', 'MASQUERADE'];
    const iptables = (accion: string) => ['exec', n.nombre, 'iptables', '-t', 'nat', accion, ...regla];
    if (spawnSync('docker', iptables('-C'), { env }).status !== 0)
      await ejecutar('docker', iptables('-A'), { env });
    for (const otro of lista.filter((o) => o.nombre !== n.nombre)) {
      await ejecutar('docker', ['exec', n.nombre, 'ip', 'route', 'replace', otro.podCIDR, 'via', otro.ip], {
        env,
      });
    }
  }
  paso(`pod routes set between ${lista.length} nodes`);
}

function contenedorEnMarcha(nombre: string, env: NodeJS.ProcessEnv): boolean {
  const r = spawnSync('docker', ['inspect', '-f', '{{.State.Running}}', nombre], { env, encoding: 'utf8' });
  return r.stdout.trim() === 'true';
}

export async function esperarNodosListos(kubectl: string, segundos = 240): Promise<void> {
  await conProgreso('waiting for every node and CoreDNS to be Ready', async () => {
    await ejecutar(kubectl, [
      '--context',
      CONTEXTO,
      'wait',
      '--for=condition=Ready',
      'nodes',
      '--all',
      `--timeout=${segundos}s`,
    ]);
    await ejecutar(kubectl, [
      '--context',
      CONTEXTO,
      '-n',
      'kube-system',
      'rollout',
      'status',
      'deployment/coredns',
      `--timeout=${segundos}s`,
    ]);
  });
}

export async function borrarCluster(kind: string, env: NodeJS.ProcessEnv): Promise<void> {
  if (!clusterExiste(kind, env)) return;
  await conProgreso(`deleting the kind cluster '${NOMBRE_CLUSTER}'`, () =>
    ejecutar(kind, ['delete', 'cluster', '--name', NOMBRE_CLUSTER], { env: entornoKind(env) }),
  );
}

export async function cargarImagenes(
  kind: string,
  env: NodeJS.ProcessEnv,
  referencias: string[],
): Promise<void> {
  if (!referencias.length) return;
  await conProgreso(`loading ${referencias.length} image(s) into the nodes`, () =>
    ejecutar(kind, ['load', 'docker-image', '--name', NOMBRE_CLUSTER, ...referencias], {
      env: entornoKind(env),
    }),
  );
}

export function exigirCluster(kind: string, env: NodeJS.ProcessEnv): void {
  if (!clusterExiste(kind, env)) {
    throw new ErrorEntorno(
      `no kind cluster '${NOMBRE_CLUSTER}' is running: start it with 'npm run cluster -- up'`,
    );
  }
}
