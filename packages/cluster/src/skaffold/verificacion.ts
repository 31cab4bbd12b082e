// skaffold's status check: every Deployment and StatefulSet of the releases' namespaces must
// finish its rollout (`kubectl rollout status`, all watched at once) within
// statusCheckDeadlineSeconds. Like skaffold, an image that cannot be pulled fails at once (here
// it never can: nothing is pulled) unless tolerateFailuresUntilDeadline; anything else waits for
// the deadline. A failure names what is not ready, with the pods and the last events.
import { ErrorEntorno } from '@alpes/entorno';
import type { ContextoEjecucion } from './ejecutar';
import type { ProcesoLanzado } from './ejecutor';
import { dormir, segundosDesde } from './progreso';

export interface OpcionesVerificacion {
  /** How often pods are inspected for pull errors. */
  sondeoMs?: number;
}

const RAZONES_FATALES = ['ErrImagePull', 'ImagePullBackOff', 'InvalidImageName', 'ErrImageNeverPull'];

interface Recurso {
  namespace: string;
  nombre: string; // deployment/pagos
  proceso?: ProcesoLanzado;
  ultima?: string;
  codigo?: number | null;
}

export async function verificarEstado(c: ContextoEjecucion, o: OpcionesVerificacion = {}): Promise<void> {
  const { activa, plazoSegundos, tolerarFallos } = c.plan.verificacion;
  if (!activa) {
    c.informar('status check skipped (deploy.statusCheck: false)');
    return;
  }
  const inicio = Date.now();
  const limite = inicio + plazoSegundos * 1000;
  const kubectl = (args: string[]) =>
    c.ejecutor.ejecutar(c.binarios.kubectl, [...args, '--context', c.plan.contextoKube], { env: c.entorno });
  const namespaces = [...new Set(c.plan.releases.map((r) => r.namespace ?? 'default'))];
  const recursos: Recurso[] = [];
  for (const namespace of namespaces) {
    const nombres = await kubectl(['get', 'deployments,statefulsets', '-n', namespace, '-o', 'name']);
    for (const linea of nombres.split('\n').filter((l) => l.trim())) {
      recursos.push({ namespace, nombre: linea.trim().replace(/^(\w+)\.apps\//, '$1/') });
    }
  }
  c.informar(
    `Waiting for deployments to stabilize (${recursos.length} in ${namespaces.join(', ')}; deadline ${plazoSegundos} s)`,
  );
  const etiqueta = (r: Recurso) => `${r.namespace}:${r.nombre}`;
  const pendientes = new Set(recursos);
  const fallidos: Recurso[] = [];
  const finales = recursos.map((r) => {
    const restante = Math.max(1, Math.round((limite - Date.now()) / 1000));
    r.proceso = c.ejecutor.lanzar(
      c.binarios.kubectl,
      [
        'rollout',
        'status',
        r.nombre,
        '-n',
        r.namespace,
        `--timeout=${restante}s`,
        '--context',
        c.plan.contextoKube,
      ],
      {
        env: c.entorno,
        alLinea: (linea) => {
          if (linea !== r.ultima) c.informar(` - ${etiqueta(r)} ${linea}`);
          r.ultima = linea;
        },
      },
    );
    return r.proceso.fin.then((codigo) => {
      r.codigo = codigo;
      pendientes.delete(r);
      if (codigo === 0) {
        c.informar(
          ` - ${etiqueta(r)} is ready. [${pendientes.size}/${recursos.length} deployment(s) still pending] (${segundosDesde(inicio)})`,
        );
      } else {
        fallidos.push(r);
      }
    });
  });
  const todos = Promise.all(finales);
  const latido = setInterval(() => {
    const faltan = [...pendientes].map(etiqueta).join(', ');
    c.informar(`  … waiting for ${faltan} (${segundosDesde(inicio)} of ${plazoSegundos} s)`);
  }, c.latidoMs ?? 15_000);
  let fatal: string | undefined;
  try {
    while (pendientes.size && !fatal) {
      await Promise.race([todos, dormir(o.sondeoMs ?? 5000)]);
      if (!pendientes.size) break;
      if (!tolerarFallos) fatal = await erroresDeImagen(kubectl, namespaces);
      if (Date.now() > limite + 30_000) fatal = 'kubectl rollout status outlived the deadline';
    }
  } finally {
    if (fatal || pendientes.size) for (const r of pendientes) r.proceso?.detener();
    await todos;
    clearInterval(latido);
  }
  if (!fatal && !fallidos.length) {
    c.informar(`Deployments stabilized in ${segundosDesde(inicio)}`);
    return;
  }
  // the ones stopped because of a fatal error ended too, with a null code: they are in fallidos
  const unicos = [...new Set(fallidos)];
  throw new ErrorEntorno(
    `${unicos.length}/${recursos.length} deployment(s) failed after ${segundosDesde(inicio)} ` +
      `(statusCheckDeadlineSeconds: ${plazoSegundos}):\n` +
      unicos.map((r) => `  - ${etiqueta(r)}: ${r.ultima ?? 'no output'}`).join('\n') +
      (fatal ? `\n${fatal}` : '') +
      (await diagnostico(kubectl, namespaces)),
  );
}

/** The containers waiting on an image that cannot be pulled, or undefined. */
async function erroresDeImagen(
  kubectl: (a: string[]) => Promise<string>,
  namespaces: string[],
): Promise<string | undefined> {
  const hallados: string[] = [];
  for (const namespace of namespaces) {
    let pods: { items?: Pod[] };
    try {
      pods = JSON.parse(await kubectl(['get', 'pods', '-n', namespace, '-o', 'json'])) as { items?: Pod[] };
    } catch {
      continue; // a failed poll is not a verdict: the rollouts still decide
    }
    for (const pod of pods.items ?? []) {
      const estados = [
        ...(pod.status?.initContainerStatuses ?? []),
        ...(pod.status?.containerStatuses ?? []),
      ];
      for (const e of estados) {
        const espera = e.state?.waiting;
        if (espera?.reason && RAZONES_FATALES.includes(espera.reason)) {
          hallados.push(
            `pod ${namespace}/${pod.metadata?.name} container ${e.name}: ${espera.reason} ${espera.message ?? ''}`.trim(),
          );
        }
      }
    }
  }
  return hallados.length
    ? `images that cannot be pulled (every image must be built and loaded with kind load):\n${hallados.map((h) => `  - ${h}`).join('\n')}`
    : undefined;
}

interface Pod {
  metadata?: { name?: string };
  status?: { initContainerStatuses?: EstadoContenedor[]; containerStatuses?: EstadoContenedor[] };
}
interface EstadoContenedor {
  name: string;
  state?: { waiting?: { reason?: string; message?: string } };
}

async function diagnostico(kubectl: (a: string[]) => Promise<string>, namespaces: string[]): Promise<string> {
  let texto = '';
  for (const ns of namespaces) {
    const pods = await kubectl(['get', 'pods', '-n', ns, '-o', 'wide']).catch(
      (e: Error) => `(could not list pods: ${e.message})`,
    );
    const eventos = await kubectl(['get', 'events', '-n', ns, '--sort-by=.lastTimestamp']).catch(
      (e: Error) => `(could not list events: ${e.message})`,
    );
    texto += `\nPods in ${ns}:\n${sangrar(pods)}\nLast events in ${ns}:\n${sangrar(eventos.trimEnd().split('\n').slice(-20).join('\n'))}`;
  }
  return texto;
}

const sangrar = (t: string) =>
  t
    .trimEnd()
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');
