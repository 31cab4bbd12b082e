import { conProgreso, paso } from '@alpes/entorno';
import { asegurarDocker, detenerDocker, motorArrancadoAhora } from './docker';
import { asegurarHerramientas } from './herramientas';
import {
  borrarCluster,
  cargarImagenes,
  clusterExiste,
  CONTEXTO,
  crearCluster,
  enrutarPods,
  esperarNodosListos,
  entornoKind,
  exigirCluster,
  NOMBRE_CLUSTER,
  nodosDetenidos,
} from './kind';
import { asegurarImagenNodo } from './nodo/imagen-nodo';
import { asegurarImagenesSustitutas, IMAGENES_SUSTITUTAS_EN_CLUSTER } from './imagenes';
import { instalarDapr, instalarKeda, instalarPoliticasRed } from './planos-de-control';
import { ejecutar } from './comandos';
import { publicarJwksDev } from './credencial-dev';
import { desplegarComoSkaffold, ejecutorDeProcesos } from './skaffold';
import { RAIZ_REPO } from '@alpes/entorno';

export const USO = `usage: npm run cluster -- <command> [options]
  up [--trabajadores N]   build (first time) and start the kind cluster '${CONTEXTO}' with Dapr and KEDA
  deploy [--sin-reenvios] [--valores FILE]...
                          build the images and deploy the chart as 'skaffold run -p kind' would,
                          then keep its port forwards open until Ctrl-C (not with --sin-reenvios);
                          --valores replaces skaffold.yaml's values files (e.g. prod-like values)
  status                  what is running
  down                    delete the cluster and stop the project's Docker engine
`;

export async function ejecutarOrden(args: string[]): Promise<number> {
  const [orden, ...resto] = args;
  const inicio = Date.now();
  switch (orden) {
    case 'up':
      await levantar(numeroOpcion(resto, '--trabajadores', 2));
      break;
    case 'deploy':
      await desplegar({ reenviar: !resto.includes('--sin-reenvios'), valores: valoresDe(resto) });
      break;
    case 'down':
      await bajar();
      break;
    case 'status':
      await estado();
      break;
    case undefined:
    case '--help':
    case '-h':
      process.stdout.write(USO);
      return orden === undefined ? 2 : 0;
    default:
      process.stderr.write(`unknown command '${orden}'\n${USO}`);
      return 2;
  }
  paso(`${orden} done in ${((Date.now() - inicio) / 1000).toFixed(1)} s`);
  return 0;
}

function numeroOpcion(args: string[], nombre: string, porOmision: number): number {
  const i = args.indexOf(nombre);
  if (i < 0) return porOmision;
  const n = Number(args[i + 1]);
  if (!Number.isInteger(n) || n < 0 || n > 5) {
    process.stderr.write(`${nombre} takes a whole number from 0 to 5, got '${args[i + 1] ?? ''}'\n`);
    process.exit(2);
  }
  return n;
}

export async function levantar(trabajadores: number): Promise<void> {
  const env = await asegurarDocker();
  const h = await asegurarHerramientas();
  const existia = clusterExiste(h.kind, env);
  const detenidos = existia ? nodosDetenidos(h.kind, env) : [];
  if (existia && (detenidos.length || motorArrancadoAhora())) {
    // a kind cluster does not come back reliably from an engine restart: Docker restarts its node
    // containers, but with new addresses the routes, the API server's peers and the brokers'
    // identities go stale
    paso(`the cluster's nodes went down with the Docker engine: recreating the cluster`);
    await borrarCluster(h.kind, env);
  }
  // what a cluster with internet pulls, built first: the node image and its component images
  // start FROM the Debian stand-in (a cold machine has no debian:bookworm-slim to pull)
  await asegurarImagenesSustitutas(env);
  if (!clusterExiste(h.kind, env)) {
    const imagen = await asegurarImagenNodo(env);
    await crearCluster({ kind: h.kind, env, imagenNodo: imagen, trabajadores });
  } else {
    paso(`the kind cluster '${CONTEXTO}' exists already`);
  }
  // the nodes get their podCIDRs from the control plane: route them before anything needs DNS
  await esperarPodCIDRs(h.kubectl);
  await enrutarPods(h.kubectl, env);
  await esperarNodosListos(h.kubectl);
  // the stand-ins the cluster runs (dev Pulsar and Postgres, the drills' node debugger) go into
  // the nodes; the services' base images stay in the engine for `deploy`
  await cargarImagenes(h.kind, env, [...IMAGENES_SUSTITUTAS_EN_CLUSTER]);
  const plano = {
    env: entornoKind(env),
    kubectl: h.kubectl,
    helm: h.helm,
    kind: h.kind,
    cluster: NOMBRE_CLUSTER,
    contexto: CONTEXTO,
  };
  // before any workload: the chart's NetworkPolicies are enforced from its first install
  await instalarPoliticasRed(plano);
  await instalarDapr(plano);
  await instalarKeda(plano);
}

async function esperarPodCIDRs(kubectl: string): Promise<void> {
  const limite = Date.now() + 120_000;
  for (;;) {
    const salida = await ejecutar(kubectl, [
      '--context',
      CONTEXTO,
      'get',
      'nodes',
      '-o',
      'jsonpath={.items[*].spec.podCIDR}',
    ]);
    const nodos = await ejecutar(kubectl, ['--context', CONTEXTO, 'get', 'nodes', '-o', 'name']);
    if (salida.trim().split(/\s+/).filter(Boolean).length === nodos.trim().split('\n').length) return;
    if (Date.now() > limite) throw new Error('the nodes got no podCIDR within 120 s');
    await new Promise((r) => setTimeout(r, 1000));
  }
}

function valoresDe(args: string[]): string[] | undefined {
  const valores = args.flatMap((a, i) => (args[i - 1] === '--valores' ? [a] : []));
  return valores.length ? valores : undefined;
}

/** Namespace of skaffold.yaml's release. */
const NAMESPACE_RELEASE = 'alpes';

export async function desplegar(o: { reenviar: boolean; valores?: string[] }) {
  const env = await asegurarDocker();
  const h = await asegurarHerramientas();
  exigirCluster(h.kind, env);
  // the dev values' API keys must be in the namespace before the pods start (skaffold.yaml's namespace)
  const jwksCambiado = await publicarJwksDev(h.kubectl, CONTEXTO, NAMESPACE_RELEASE, (c, a, o) =>
    ejecutar(c, a, { ...o, env }),
  );
  const r = await desplegarComoSkaffold({
    raiz: RAIZ_REPO,
    perfil: 'kind',
    contexto: CONTEXTO,
    ejecutor: ejecutorDeProcesos,
    reenviar: o.reenviar,
    binarios: h,
    entorno: entornoKind(env),
    archivosValores: o.valores,
  });
  if (jwksCambiado) await reiniciarApis(h.kubectl, env);
  if (r.reenvios) {
    await r.reenvios.listos();
    paso('port forwards open (Ctrl-C stops them; the release keeps running)');
    await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
    r.reenvios.detener();
  }
  return r;
}

/**
 * The pods that verify tokens against the dev JWKS, restarted so they load the keys just applied
 * (helm leaves them running when nothing of the release changed).
 */
async function reiniciarApis(kubectl: string, env: NodeJS.ProcessEnv): Promise<void> {
  const k = (...args: string[]) =>
    ejecutar(kubectl, ['--context', CONTEXTO, '-n', NAMESPACE_RELEASE, ...args], { env });
  const apis = ['deployment/pagos', 'deployment/liquidacion'];
  await conProgreso('the dev JWKS changed: restarting pagos and liquidacion to load it', async () => {
    await k('rollout', 'restart', ...apis);
    for (const a of apis) await k('rollout', 'status', a, '--timeout=300s');
  });
}

async function bajar(): Promise<void> {
  const env = await asegurarDocker();
  const h = await asegurarHerramientas();
  await borrarCluster(h.kind, env);
  await detenerDocker();
}

async function estado(): Promise<void> {
  const env = await asegurarDocker();
  const h = await asegurarHerramientas();
  exigirCluster(h.kind, env);
  process.stdout.write(await ejecutar(h.kubectl, ['--context', CONTEXTO, 'get', 'nodes', '-o', 'wide']));
  process.stdout.write(await ejecutar(h.kubectl, ['--context', CONTEXTO, 'get', 'pods', '-A', '-o', 'wide']));
}
