// The binaries the cluster commands drive, all pinned and built here: kind and kubectl from their
// modules (the kubectl of the cluster's own Kubernetes version), helm through @alpes/entorno.
import * as path from 'node:path';
import { aprovisionarHelm } from '@alpes/entorno';
import { compilarKind, compilarKubernetes } from './nodo/binarios';

export interface Herramientas {
  kind: string;
  kubectl: string;
  helm: string;
}

export async function asegurarHerramientas(): Promise<Herramientas> {
  const kind = path.join(await compilarKind(), 'kind');
  const kubectl = path.join(await compilarKubernetes(), 'kubectl');
  const helm = await aprovisionarHelm();
  return { kind, kubectl, helm };
}
