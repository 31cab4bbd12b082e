// NetworkPolicy enforcement in the kind cluster: sigs.k8s.io/kube-network-policies (the agent
// kindnetd embeds; kindnetd itself is not obtainable here), built from its Go module, its image as
// its Dockerfile makes it, and its own install.yaml applied with that image. It works beside any
// CNI: nftables send the first packet of each connection to or from a pod a policy selects to the
// agent (NFQUEUE), which answers allow or drop; traffic of the node's root user (kubelet probes)
// is not queued.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { conProgreso, ErrorEntorno, paso } from '@alpes/entorno';
import { ejecutar } from '../comandos';
import { binariosDe, compilarModuloGo, type CompilacionGo } from '../compilacion-go';
import { VERSIONES_CLUSTER as V } from '../versiones';
import { carpetaDeBinarios, carpetaDelModulo } from './comunes';
import { ANOTACION_IMAGEN, cargarEnKind, construirSobreBase, DIR_IMAGENES, idCorto } from './imagenes';
import { aplicarEnServidor, diagnosticarEspacio, kubectl, type OpcionesPlano } from './kubernetes';

const MODULO = 'sigs.k8s.io/kube-network-policies';
const ESPACIO = 'kube-system';
const DAEMONSET = 'kube-network-policies';
export const IMAGEN_POLITICAS_RED = `registry.k8s.io/networking/kube-network-policies:${V.politicasRed}`;

function compilacion(): CompilacionGo {
  return {
    modulo: MODULO,
    version: V.politicasRed,
    paquetes: ['./cmd'],
    destino: carpetaDeBinarios('kube-network-policies', V.politicasRed, { ldflags: '-s -w' }),
    ldflags: '-s -w',
  };
}

interface Contenedor {
  name: string;
  image: string;
  imagePullPolicy?: string;
  args?: string[];
}
interface DaemonSet {
  kind: 'DaemonSet';
  spec: {
    template: { metadata: { annotations?: Record<string, string> }; spec: { containers: Contenedor[] } };
  };
}

/**
 * The module's install.yaml with our image (it names an older tag), never pulled, tied to the
 * image's content so a rebuild rolls the agents, and per-packet logging off (--v=2 logs every
 * new connection, which costs CPU on a 2-core host).
 */
export function manifiestoPoliticasRed(installYaml: string, idImagen: string): string {
  const docs = parseAllDocuments(installYaml)
    .map((d) => d.toJS() as { kind?: string } | null)
    .filter((d): d is { kind?: string } => !!d);
  const ds = docs.find((d): d is DaemonSet => d.kind === 'DaemonSet');
  const agente = ds?.spec.template.spec.containers.find((c) => c.name === DAEMONSET);
  if (!ds || !agente)
    throw new ErrorEntorno(`${MODULO}@${V.politicasRed} install.yaml has no DaemonSet '${DAEMONSET}'`);
  agente.image = IMAGEN_POLITICAS_RED;
  agente.imagePullPolicy = 'Never';
  agente.args = (agente.args ?? []).map((a) => (a.startsWith('--v=') ? '--v=0' : a));
  ds.spec.template.metadata.annotations = {
    ...ds.spec.template.metadata.annotations,
    [ANOTACION_IMAGEN]: idImagen,
  };
  return docs.map((d) => stringify(d)).join('---\n');
}

/**
 * Whether the nodes' kernel has nftables' queue expression (nft_queue), which the agent's rules
 * need: some VM kernels ship NFQUEUE only for iptables (xt_NFQUEUE), and there the agent runs but
 * every rule sync fails ("netlink receive: no such file or directory"), enforcing nothing.
 */
async function colaNftDisponible(o: OpcionesPlano): Promise<boolean> {
  const sonda = [
    'nft add table inet alpes-sonda',
    'nft add chain inet alpes-sonda c "{ type filter hook postrouting priority 0 ; }"',
    'nft add rule inet alpes-sonda c queue num 98 bypass',
  ].join(' && ');
  const enNodo = (...args: string[]) =>
    ejecutar('docker', ['exec', `${o.cluster}-control-plane`, ...args], { env: o.env });
  const r = await enNodo('sh', '-c', sonda).then(
    () => true,
    () => false,
  );
  await enNodo('nft', 'delete', 'table', 'inet', 'alpes-sonda').catch(() => undefined);
  return r;
}

/**
 * Builds, loads and applies the agent; waits until it runs on every node. Idempotent. Where the
 * kernel cannot queue packets from nftables, says NetworkPolicies are not enforced and removes an
 * agent a previous run installed.
 */
export async function instalarPoliticasRed(o: OpcionesPlano): Promise<boolean> {
  if (!(await colaNftDisponible(o))) {
    await kubectl(o, ['delete', 'daemonset', '-n', ESPACIO, DAEMONSET, '--ignore-not-found']);
    paso(
      'warning: NetworkPolicies are NOT enforced in this cluster: the kernel has no nftables queue ' +
        "expression (nft_queue; `nft add rule … queue` fails), which kube-network-policies' rules need",
    );
    return false;
  }
  const c = compilacion();
  await compilarModuloGo(c);
  const [binario] = binariosDe(c);
  await construirSobreBase(
    [
      {
        referencia: IMAGEN_POLITICAS_RED,
        dockerfile: fs.readFileSync(path.join(DIR_IMAGENES, 'kube-network-policies', 'Dockerfile'), 'utf8'),
        archivos: { cmd: binario as string },
      },
    ],
    o.env,
    'kube-network-policies',
  );
  await cargarEnKind(o, [IMAGEN_POLITICAS_RED], 'kube-network-policies');
  const install = fs.readFileSync(
    path.join(carpetaDelModulo(MODULO, V.politicasRed), 'install.yaml'),
    'utf8',
  );
  await aplicarEnServidor(o, manifiestoPoliticasRed(install, idCorto(IMAGEN_POLITICAS_RED, o.env)));
  await conProgreso(`waiting for the NetworkPolicy agent on every node (${ESPACIO}/${DAEMONSET})`, () =>
    kubectl(o, ['rollout', 'status', '-n', ESPACIO, `daemonset/${DAEMONSET}`, '--timeout=180s']).catch(
      async (e: Error) => {
        throw new ErrorEntorno(
          `the NetworkPolicy agent did not start on every node: ${e.message.split('\n')[0]}\n` +
            (await diagnosticarEspacio(o, ESPACIO)),
        );
      },
    ),
  );
  paso(`NetworkPolicies enforced by ${MODULO} ${V.politicasRed} on every node`);
  return true;
}
