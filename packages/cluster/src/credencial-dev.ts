// The dev values' API credential (valores-dev.yaml api.autenticacion.jwksConfigMap): a key pair under
// the git-ignored tools folder, reused across deploys, whose public JWKS is applied to the release's
// namespace as the ConfigMap the pods mount, before helm installs; its private half signs the tokens
// of the cluster tests and of the drills' k8s target.
import { DIR_CREDENCIAL_CLUSTER, jwksDeCredencial } from '@alpes/entorno';

/** Name of the ConfigMap valores-dev.yaml mounts (api.autenticacion.jwksConfigMap). */
export const CONFIGMAP_JWKS_DEV = 'alpes-jwks-dev';

/** The namespace and the ConfigMap with `jwks` under jwks.json, as one kubectl apply list. */
export function manifiestoJwksDev(namespace: string, jwks: string): object {
  return {
    apiVersion: 'v1',
    kind: 'List',
    items: [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } },
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: {
          name: CONFIGMAP_JWKS_DEV,
          namespace,
          labels: { 'app.kubernetes.io/part-of': 'alpes-pagos' },
        },
        data: { 'jwks.json': jwks },
      },
    ],
  };
}

export type Ejecutar = (comando: string, args: string[], o: { entrada: string }) => Promise<string>;

/**
 * Creates (first time) the dev key pair and applies its JWKS to `namespace` through kubectl.
 * Returns whether an existing ConfigMap changed (another clone's key pair was there): running pods
 * would see the new keys only when the kubelet refreshes the mounted file, up to a minute or more
 * later, and until then refuse the new tokens.
 */
export async function publicarJwksDev(
  kubectl: string,
  contexto: string,
  namespace: string,
  ejecutar: Ejecutar,
  dir: string = DIR_CREDENCIAL_CLUSTER,
): Promise<boolean> {
  const manifiesto = manifiestoJwksDev(namespace, jwksDeCredencial(dir));
  const salida = await ejecutar(kubectl, ['--context', contexto, 'apply', '-f', '-'], {
    entrada: JSON.stringify(manifiesto),
  });
  return new RegExp(`configmap/${CONFIGMAP_JWKS_DEV} configured`).test(salida);
}
