// kubectl and helm calls of the control-plane installs, and the wait that names what is not Ready:
// a pod stuck for minutes is explained by its container states, its events and its last log lines.
import { spawn } from 'node:child_process';
import * as http from 'node:http';
import { conProgreso, ErrorEntorno, paso } from '@alpes/entorno';
import { ejecutar } from '../comandos';

/** What the lead passes to every install: the tools and the cluster they act on. */
export interface OpcionesPlano {
  env: NodeJS.ProcessEnv;
  kubectl: string;
  helm: string;
  kind: string;
  /** kind cluster name ('alpes'). */
  cluster: string;
  /** kubeconfig context ('kind-alpes'). */
  contexto: string;
}

export type OpcionesKubectl = Pick<OpcionesPlano, 'env' | 'kubectl' | 'contexto'>;

export function kubectl(o: OpcionesKubectl, args: string[], entrada?: string): Promise<string> {
  return ejecutar(o.kubectl, ['--context', o.contexto, ...args], { env: o.env, entrada });
}

export async function kubectlJson<T>(o: OpcionesKubectl, args: string[]): Promise<T> {
  return JSON.parse(await kubectl(o, [...args, '-o', 'json'])) as T;
}

/** undefined when the object does not exist (any other failure still throws). */
export async function obtener<T>(o: OpcionesKubectl, args: string[]): Promise<T | undefined> {
  const salida = await kubectl(o, ['get', ...args, '--ignore-not-found', '-o', 'json']);
  return salida.trim() ? (JSON.parse(salida) as T) : undefined;
}

/**
 * Server-side apply: the big CRDs exceed the last-applied annotation of a client-side apply, and
 * fields other managers own (the caBundles KEDA's cert rotation and Dapr's injector patch) are
 * left alone because our manifests do not set them.
 */
export function aplicarEnServidor(o: OpcionesKubectl, manifiesto: string): Promise<string> {
  return kubectl(
    o,
    ['apply', '--server-side', '--force-conflicts', '--field-manager=alpes-cluster', '-f', '-'],
    manifiesto,
  );
}

interface EstadoContenedor {
  name: string;
  ready: boolean;
  restartCount: number;
  state?: {
    waiting?: { reason?: string; message?: string };
    terminated?: { reason?: string; exitCode?: number; message?: string };
    running?: object;
  };
  lastState?: { terminated?: { reason?: string; exitCode?: number } };
}

export interface Pod {
  metadata: {
    name: string;
    namespace: string;
    deletionTimestamp?: string;
    ownerReferences?: { kind: string }[];
  };
  spec: { volumes?: { persistentVolumeClaim?: { claimName: string } }[]; nodeName?: string };
  status: {
    phase?: string;
    reason?: string;
    message?: string;
    conditions?: { type: string; status: string; reason?: string; message?: string }[];
    containerStatuses?: EstadoContenedor[];
    initContainerStatuses?: EstadoContenedor[];
  };
}

export function podListo(p: Pod): boolean {
  return p.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

/** Pods that count: not finished Jobs' pods, not pods already on their way out. */
export function podsVigentes(pods: Pod[]): Pod[] {
  return pods.filter((p) => p.status.phase !== 'Succeeded' && !p.metadata.deletionTimestamp);
}

/**
 * Waits until every pod of the namespace (or of the selector) is Ready, and at least `minimo` of
 * them exist; on timeout fails naming each pod that is not, with its states, events and logs.
 */
export async function esperarPodsListos(
  o: OpcionesKubectl,
  espacio: string,
  opciones: { minimo: number; segundos: number; selector?: string; que?: string },
): Promise<void> {
  const que = opciones.que ?? `the pods of ${espacio}`;
  await conProgreso(`waiting for ${que} to be Ready`, async () => {
    const limite = Date.now() + opciones.segundos * 1000;
    let ultimo = '';
    for (;;) {
      const args = ['get', 'pods', '-n', espacio, ...(opciones.selector ? ['-l', opciones.selector] : [])];
      const pods = podsVigentes((await kubectlJson<{ items: Pod[] }>(o, args)).items);
      const listos = pods.filter(podListo);
      const resumen = `${listos.length}/${pods.length} Ready`;
      if (pods.length >= opciones.minimo && listos.length === pods.length) return;
      if (resumen !== ultimo) {
        const faltan = pods.filter((p) => !podListo(p)).map((p) => p.metadata.name);
        paso(`  ${que}: ${resumen}${faltan.length ? ` (waiting for ${faltan.join(', ')})` : ''}`);
        ultimo = resumen;
      }
      if (Date.now() > limite) {
        const noListos = pods.filter((p) => !podListo(p));
        const detalle = noListos.length
          ? (await Promise.all(noListos.map((p) => diagnosticarPod(o, p)))).join('\n')
          : `  only ${pods.length} pod(s) exist, ${opciones.minimo} expected:\n${await eventosDe(o, espacio)}`;
        throw new ErrorEntorno(`${que} not Ready after ${opciones.segundos} s (${resumen}):\n${detalle}`);
      }
      await new Promise((r) => setTimeout(r, 2000));
    }
  });
}

/** Waits for each Deployment's rollout (new pods Ready, old ones gone), naming the pods when one stalls. */
export async function esperarDespliegues(
  o: OpcionesKubectl,
  espacio: string,
  nombres: string[],
  segundos: number,
): Promise<void> {
  await conProgreso(`waiting for the rollout of ${nombres.join(', ')} (${espacio})`, async () => {
    for (const n of nombres) {
      await kubectl(o, [
        'rollout',
        'status',
        '-n',
        espacio,
        `deployment/${n}`,
        `--timeout=${segundos}s`,
      ]).catch(async (e: Error) => {
        throw new ErrorEntorno(
          `deployment ${espacio}/${n} did not roll out in ${segundos} s: ${e.message.split('\n')[0]}\n` +
            (await diagnosticarEspacio(o, espacio)),
        );
      });
    }
  });
}

/** Every not-Ready pod of a namespace, explained (for errors raised elsewhere, e.g. helm --wait). */
export async function diagnosticarEspacio(
  o: OpcionesKubectl,
  espacio: string,
  selector?: string,
): Promise<string> {
  const args = ['get', 'pods', '-n', espacio, ...(selector ? ['-l', selector] : [])];
  const pods = await kubectlJson<{ items: Pod[] }>(o, args).then(
    (r) => podsVigentes(r.items),
    () => [] as Pod[],
  );
  const noListos = pods.filter((p) => !podListo(p));
  if (!noListos.length)
    return pods.length ? '  (every pod is Ready)' : `  (no pods)\n${await eventosDe(o, espacio)}`;
  return (await Promise.all(noListos.map((p) => diagnosticarPod(o, p)))).join('\n');
}

export async function diagnosticarPod(o: OpcionesKubectl, p: Pod): Promise<string> {
  const { name, namespace } = p.metadata;
  const lineas = [
    `  pod ${namespace}/${name} is not Ready (phase ${p.status.phase ?? '?'}${p.spec.nodeName ? `, node ${p.spec.nodeName}` : ''})`,
  ];
  for (const c of p.status.conditions ?? []) {
    if (c.status !== 'True' && c.message)
      lineas.push(`    ${c.type}: ${c.reason ?? ''} ${c.message}`.trimEnd());
  }
  const contenedores = [...(p.status.initContainerStatuses ?? []), ...(p.status.containerStatuses ?? [])];
  for (const c of contenedores) lineas.push(`    container ${c.name}: ${describirContenedor(c)}`);
  lineas.push('    last events:');
  lineas.push(await eventosDe(o, namespace, name, 6));
  for (const v of p.spec.volumes ?? []) {
    const pvc = v.persistentVolumeClaim?.claimName;
    if (pvc) lineas.push(`    volume claim ${pvc}:`, await eventosDe(o, namespace, pvc, 3));
  }
  const daprd = contenedores.find((c) => c.name === 'daprd' && c.state?.running && !c.ready);
  if (daprd) lineas.push(`    daprd's healthz: ${await saludDaprd(o, namespace, name)}`);
  for (const c of contenedores.filter((c) => !c.ready && (c.restartCount > 0 || c.state?.running))) {
    // in CrashLoopBackOff the container is waiting: its logs are those of the run that failed
    const previo = c.restartCount > 0 && !!c.state?.waiting;
    const registro = await kubectl(o, [
      'logs',
      '-n',
      namespace,
      name,
      '-c',
      c.name,
      '--tail=12',
      ...(previo ? ['--previous'] : []),
    ]).catch(() => '');
    if (registro.trim()) {
      lineas.push(`    last log lines of ${c.name}${previo ? ' (previous run)' : ''}:`);
      lineas.push(
        ...registro
          .trimEnd()
          .split('\n')
          .map((l) => `      ${l.slice(0, 300)}`),
      );
    }
  }
  return lineas.join('\n');
}

function describirContenedor(c: EstadoContenedor): string {
  const partes: string[] = [];
  if (c.state?.waiting)
    partes.push(`waiting ${c.state.waiting.reason ?? ''} ${c.state.waiting.message ?? ''}`.trim());
  if (c.state?.terminated) {
    const t = c.state.terminated;
    partes.push(`terminated ${t.reason ?? ''} exit ${t.exitCode ?? '?'} ${t.message ?? ''}`.trim());
  }
  if (c.state?.running) partes.push(c.ready ? 'running, ready' : 'running, not ready');
  if (c.restartCount) {
    const u = c.lastState?.terminated;
    partes.push(
      `${c.restartCount} restart(s)${u ? `, last exit ${u.exitCode ?? '?'} (${u.reason ?? ''})` : ''}`,
    );
  }
  return partes.join('; ') || 'no state yet';
}

interface Evento {
  type?: string;
  reason?: string;
  message?: string;
  count?: number;
  lastTimestamp?: string;
  eventTime?: string;
  involvedObject?: { kind?: string; name?: string };
}

/** The last events of one object (or of the namespace), oldest first, one line each. */
export async function eventosDe(
  o: OpcionesKubectl,
  espacio: string,
  nombre?: string,
  cuantos = 10,
): Promise<string> {
  const args = [
    'get',
    'events',
    '-n',
    espacio,
    ...(nombre ? ['--field-selector', `involvedObject.name=${nombre}`] : []),
  ];
  const eventos = await kubectlJson<{ items: Evento[] }>(o, args).then(
    (r) => r.items,
    () => [] as Evento[],
  );
  const cuando = (e: Evento) => e.lastTimestamp ?? e.eventTime ?? '';
  const ultimos = eventos.sort((a, b) => cuando(a).localeCompare(cuando(b))).slice(-cuantos);
  if (!ultimos.length) return '      (no events)';
  return ultimos
    .map((e) => {
      const objeto = nombre ? '' : `${e.involvedObject?.kind ?? ''}/${e.involvedObject?.name ?? ''} `;
      const veces = e.count && e.count > 1 ? ` (x${e.count})` : '';
      return `      ${cuando(e)} ${e.type ?? ''} ${objeto}${e.reason ?? ''}: ${(e.message ?? '').trim().slice(0, 300)}${veces}`;
    })
    .join('\n');
}

/**
 * daprd's own answer to its readiness probe names the parts not ready yet (e.g. "dapr is not
 * ready: [scheduler-watch-hosts]"); the probe's event only says 500. Read through a port-forward.
 */
export function saludDaprd(o: OpcionesKubectl, espacio: string, pod: string): Promise<string> {
  return consultarDaprd(o, espacio, pod, '/v1.0/healthz');
}

/** GET on daprd's HTTP API (port 3501) of a pod, through a port-forward: "<status> <body>". */
export function consultarDaprd(
  o: OpcionesKubectl,
  espacio: string,
  pod: string,
  ruta: string,
): Promise<string> {
  return new Promise((resolve) => {
    const reenvio = spawn(
      o.kubectl,
      ['--context', o.contexto, 'port-forward', '-n', espacio, `pod/${pod}`, ':3501'],
      {
        env: o.env,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const fin = (texto: string) => {
      clearTimeout(plazo);
      reenvio.kill();
      resolve(texto);
    };
    const plazo = setTimeout(() => fin('(no answer within 10 s)'), 10_000);
    reenvio.on('error', (e) => fin(`(port-forward failed: ${e.message})`));
    reenvio.stdout.on('data', (d: Buffer) => {
      const puerto = /127\.0\.0\.1:(\d+)/.exec(d.toString())?.[1];
      if (!puerto) return;
      http
        .get(`http://127.0.0.1:${puerto}${ruta}`, (r) => {
          let cuerpo = '';
          r.on('data', (c: Buffer) => (cuerpo += c.toString()));
          r.on('end', () => fin(`${r.statusCode} ${cuerpo.trim().slice(0, 4000)}`));
        })
        .on('error', (e) => fin(`(${e.message})`));
    });
  });
}
