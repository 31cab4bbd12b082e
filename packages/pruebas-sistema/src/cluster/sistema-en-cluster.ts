// The system as deployed on the kind cluster (`npm run cluster -- up` + `deploy`, skaffold's dev
// values), reached the way a user reaches it: kubectl port-forwards to its Services and the
// generated gRPC clients. Started once per process; the cluster suite shares it.
import * as grpc from '@grpc/grpc-js';
import { liquidacion, NOMBRES, pagos } from '@alpes/contratos';
import { asegurarHerramientas, CONTEXTO, desplegar, ejecutar, levantar } from '@alpes/cluster';
import { DIR_CREDENCIAL_CLUSTER, esperarHasta, grpcSirviendo } from '@alpes/entorno';
import { conCredencial, proveedorTokenLocal } from '@alpes/seedwork';
import { ClientePasarela } from '@alpes/cliente-pasarela';
import { reenviar, type Reenvio } from './reenvio';

export const NAMESPACE = 'alpes';

export interface SistemaEnCluster {
  pagos: pagos.PagosServiceClient;
  liquidacion: liquidacion.LiquidacionServiceClient;
  /** host:port of pagos' port-forward, for clients that bring their own (or no) credential. */
  direccionPagos: string;
  /**
   * Until the APIs named answer health SERVING through their port-forwards: after a redeploy the
   * forwards die with the pods they picked and are relaunched.
   */
  esperarApis(apis?: ('pagos' | 'liquidacion')[], plazoMs?: number): Promise<void>;
  pasarela: ClientePasarela;
  urlAdminPulsar: string;
  /** liquidacion's Deployment, as KEDA drives it: replicas wanted (spec) and Ready (status). */
  replicasLiquidacion(): Promise<{ deseadas: number; listas: number }>;
  /** How many liquidacion pods exist, terminating ones included. */
  podsLiquidacion(): Promise<number>;
  /** kubectl with the cluster's context and the release's namespace in front. */
  kubectl: string[];
  k(...args: string[]): Promise<string>;
  /** helm against the same context and namespace. */
  helm(...args: string[]): Promise<string>;
  cerrar(): void;
}

let enCurso: Promise<SistemaEnCluster> | undefined;

export function sistemaEnCluster(): Promise<SistemaEnCluster> {
  enCurso ??= iniciar();
  return enCurso;
}

async function iniciar(): Promise<SistemaEnCluster> {
  await levantar(2);
  await desplegar({ reenviar: false });
  const h = await asegurarHerramientas();
  const kubectl = [h.kubectl, '--context', CONTEXTO, '-n', NAMESPACE];
  const reenvios: Reenvio[] = [];
  const abrir = async (recurso: string, puerto: number) => {
    const r = await reenviar(kubectl, recurso, puerto);
    reenvios.push(r);
    return r.puerto;
  };
  const cred = grpc.credentials.createInsecure();
  // tokens signed with the dev key pair whose JWKS `deploy` put in the namespace (valores-dev.yaml)
  const opciones = conCredencial(proveedorTokenLocal({ dir: DIR_CREDENCIAL_CLUSTER, env: {} }));
  const direccionPagos = `127.0.0.1:${await abrir('svc/pagos', 50051)}`;
  const direccionLiquidacion = `127.0.0.1:${await abrir('svc/liquidacion', 50052)}`;
  const sistema: SistemaEnCluster = {
    pagos: new pagos.PagosServiceClient(direccionPagos, cred, opciones),
    direccionPagos,
    liquidacion: new liquidacion.LiquidacionServiceClient(direccionLiquidacion, cred, opciones),
    esperarApis: (apis = ['pagos', 'liquidacion'], plazoMs = 180_000) => {
      const direcciones = { pagos: direccionPagos, liquidacion: direccionLiquidacion };
      return esperarHasta(
        `${apis.join(' and ')} SERVING through their port-forwards`,
        async () => (await Promise.all(apis.map((a) => grpcSirviendo(direcciones[a])))).every(Boolean),
        plazoMs,
        1000,
      );
    },
    pasarela: new ClientePasarela(
      `http://127.0.0.1:${await abrir('svc/pasarela-simulada', 4010)}`,
      30_000,
      60_000, // reads retried while a broken port-forward is relaunched (reenvio.ts)
    ),
    urlAdminPulsar: `http://127.0.0.1:${await abrir('svc/pulsar', 8080)}`,
    kubectl,
    k: (...args) => ejecutar(kubectl[0]!, [...kubectl.slice(1), ...args]),
    replicasLiquidacion: async () => {
      const d = JSON.parse(
        await sistema.k('get', 'deployment', NOMBRES.appIds.liquidacion, '-o', 'json'),
      ) as {
        spec: { replicas?: number };
        status: { readyReplicas?: number };
      };
      return { deseadas: d.spec.replicas ?? 0, listas: d.status.readyReplicas ?? 0 };
    },
    podsLiquidacion: async () => {
      const selector = `app.kubernetes.io/name=${NOMBRES.appIds.liquidacion}`;
      const pods = JSON.parse(await sistema.k('get', 'pods', '-l', selector, '-o', 'json')) as {
        items: unknown[];
      };
      return pods.items.length;
    },
    helm: (...args) => ejecutar(h.helm, ['--kube-context', CONTEXTO, '-n', NAMESPACE, ...args]),
    cerrar: () => {
      sistema.pagos.close();
      sistema.liquidacion.close();
      for (const r of reenvios) r.cerrar();
    },
  };
  // mocha --exit ends the process without hooks: the port-forwards must not outlive it
  process.once('exit', () => sistema.cerrar());
  return sistema;
}
