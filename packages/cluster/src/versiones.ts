// Pinned versions of the offline cluster. Each comes from the Go module proxy (or Debian) and is
// cached by version under the tools folder: changing one rebuilds only its entry.
import { VERSIONES } from '@alpes/entorno';

export const VERSIONES_CLUSTER = {
  // v0.30 still boots cgroup v1 nodes without warnings; newer ones default to Kubernetes > 1.34
  kind: 'v0.30.0',
  // 1.35 turns kubelet's failCgroupV1 on, and our hosts are cgroup v1
  kubernetes: 'v1.34.4',
  // what kubeadm 1.34 expects next to it (kind preloads these, it must not pull them)
  etcd: 'v3.6.5',
  coredns: 'v1.12.1',
  pause: '3.10.1',
  crictl: 'v1.34.0',
  localPath: 'v0.0.30',
  // the control plane runs the same Dapr as the local daprd
  dapr: VERSIONES.dapr,
  // its CRDs are the ones in shared/crds/keda that CI validates the chart against
  keda: 'v2.20.2',
  // NetworkPolicy enforcement (kindnetd embeds it; kindnetd itself is not obtainable here)
  politicasRed: 'v0.8.0',
} as const;
