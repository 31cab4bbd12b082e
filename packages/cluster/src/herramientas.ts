// The binaries the cluster commands drive, all pinned and built here: kind and kubectl from their
// modules (the kubectl of the cluster's own Kubernetes version), helm through @alpes/despliegue.
import * as path from 'node:path';
import { asegurarHelm } from '@alpes/despliegue';
import { compilarKind, compilarKubernetes } from './nodo/binarios';

export interface Herramientas {
  kind: string;
  kubectl: string;
  helm: string;
}

export async function asegurarHerramientas(): Promise<Herramientas> {
  const kind = path.join(await compilarKind(), 'kind');
  const kubectl = path.join(await compilarKubernetes(), 'kubectl');
  const helm = await asegurarHelm();
  return { kind, kubectl, helm };
}
