// Every image a kind node runs without pulling: the control plane's (from our builds of kubernetes,
// etcd, CoreDNS, pause), the storage provisioner kind installs, and a stand-in for kindnetd (not
// obtainable from the Go proxy; never run, since the cluster uses containerd's bridge CNI).
import * as path from 'node:path';
import { construirImagen } from '../imagen-docker';
import { asegurarBaseDistroless, BASE_DISTROLESS } from '../planos-de-control/imagenes';
import { VERSIONES_CLUSTER as V } from '../versiones';
import {
  compilarCoredns,
  compilarEtcd,
  compilarKubernetes,
  compilarLocalPath,
  compilarPause,
} from './binarios';

// the references kind v0.30 expects (pkg/build/nodeimage/const_*.go) and kubeadm 1.34 lists
export const IMAGEN_KINDNETD = 'docker.io/kindest/kindnetd:v20250512-df8de77b';
export const IMAGEN_LOCAL_PATH = 'docker.io/kindest/local-path-provisioner:v20250214-acbabc1a';
export const IMAGEN_LOCAL_PATH_AYUDANTE = 'docker.io/kindest/local-path-helper:v20241212-8ac705d0';
export const imagenKube = (nombre: string) => `registry.k8s.io/${nombre}:${V.kubernetes}`;

const BASE = 'debian:bookworm-slim';

/**
 * A static Go binary on the distroless static stand-in (what the official images use), as root:
 * kubeadm's static pods read root-only certificates. The base's id is part of the Dockerfile text,
 * so these rebuild when it changes.
 */
function binarioEnPath(
  idBase: string,
  referencia: string,
  binario: string,
  origen: string,
  entrada?: string[],
) {
  const nombre = path.basename(binario);
  return {
    referencia,
    archivos: { [nombre]: origen },
    dockerfile:
      `# base ${idBase}\nFROM ${BASE_DISTROLESS}\nUSER 0:0\nCOPY ${nombre} /usr/local/bin/${nombre}\n` +
      (entrada ? `ENTRYPOINT ${JSON.stringify(entrada)}\n` : ''),
  };
}

/** Builds them all (cached by content); returns the references for the node image's archive. */
export async function construirImagenesDelNodo(
  env: NodeJS.ProcessEnv,
): Promise<{ propias: string[]; adicionales: string[] }> {
  const k8s = await compilarKubernetes();
  const etcd = await compilarEtcd();
  const coredns = await compilarCoredns();
  const localPath = await compilarLocalPath();
  const pause = compilarPause();
  const idBase = await asegurarBaseDistroless(env);

  for (const b of ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler']) {
    await construirImagen(binarioEnPath(idBase, imagenKube(b), b, path.join(k8s, b)), env);
  }
  // kube-proxy drives nft (nftables mode) and conntrack from its image
  await construirImagen(
    {
      referencia: imagenKube('kube-proxy'),
      archivos: { 'kube-proxy': path.join(k8s, 'kube-proxy') },
      dockerfile:
        `FROM ${BASE}\nRUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ` +
        `nftables iptables conntrack && rm -rf /var/lib/apt/lists/*\nCOPY kube-proxy /usr/local/bin/kube-proxy\n`,
    },
    env,
  );
  await construirImagen(
    binarioEnPath(
      idBase,
      `registry.k8s.io/etcd:${V.etcd.replace(/^v/, '')}-0`,
      'etcd',
      path.join(etcd, 'etcd'),
    ),
    env,
  );
  await construirImagen(
    {
      referencia: `registry.k8s.io/coredns/coredns:${V.coredns}`,
      archivos: { coredns: path.join(coredns, 'coredns') },
      dockerfile: `# base ${idBase}\nFROM ${BASE_DISTROLESS}\n# root as with kubeadm's manifest: the binary carries no file capability for port 53\nUSER 0:0\nCOPY coredns /coredns\nENTRYPOINT ["/coredns"]\n`,
    },
    env,
  );
  await construirImagen(
    {
      referencia: `registry.k8s.io/pause:${V.pause}`,
      archivos: { pause },
      dockerfile: `FROM scratch\nCOPY pause /pause\nUSER 65535:65535\nENTRYPOINT ["/pause"]\n`,
    },
    env,
  );
  await construirImagen(
    binarioEnPath(
      idBase,
      IMAGEN_LOCAL_PATH,
      'local-path-provisioner',
      path.join(localPath, 'local-path-provisioner'),
    ),
    env,
  );
  // the helper pod only runs a shell script that creates or removes a volume's folder
  await construirImagen(
    { referencia: IMAGEN_LOCAL_PATH_AYUDANTE, archivos: {}, dockerfile: `FROM ${BASE}\n` },
    env,
  );
  await construirImagen(
    {
      referencia: IMAGEN_KINDNETD,
      archivos: {},
      dockerfile: `FROM ${BASE}\nENTRYPOINT ["/bin/sh", "-c", "echo 'kindnetd is not available offline: this cluster uses the bridge CNI (disableDefaultCNI)' >&2; exit 1"]\n`,
    },
    env,
  );
  return {
    propias: ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler'].map(imagenKube),
    adicionales: [
      imagenKube('kube-proxy'),
      `registry.k8s.io/etcd:${V.etcd.replace(/^v/, '')}-0`,
      `registry.k8s.io/coredns/coredns:${V.coredns}`,
      `registry.k8s.io/pause:${V.pause}`,
      IMAGEN_LOCAL_PATH,
      IMAGEN_LOCAL_PATH_AYUDANTE,
      IMAGEN_KINDNETD,
    ],
  };
}
