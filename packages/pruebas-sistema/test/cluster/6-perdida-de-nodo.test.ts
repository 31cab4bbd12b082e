import * as grpc from '@grpc/grpc-js';
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import { asegurarDocker, asegurarHerramientas, desplegar, ejecutar, enrutarPods } from '@alpes/cluster';
import { pagos } from '@alpes/contratos';
import { esperarHasta, RAIZ_REPO } from '@alpes/entorno';
import { llamar, sistemaEnCluster, type SistemaEnCluster } from '../../src';

// A worker node lost under load (its container stopped, as a machine that dies): with two replicas
// of each service spread over the two workers, the API keeps answering, the lost node's pods are
// rescheduled, and every accepted payment ends in one state with at most one transfer.

const { EstadoPago } = pagos;
const VALORES = [
  path.join(RAIZ_REPO, 'charts', 'alpes-pagos', 'valores-dev.yaml'),
  path.join(__dirname, '..', '..', '..', 'test', 'cluster', 'valores-perdida-de-nodo.yaml'),
];

interface Pod {
  metadata: { name: string; labels?: Record<string, string>; deletionTimestamp?: string };
  spec: { nodeName?: string };
  status: { phase: string; conditions?: { type: string; status: string }[] };
}

describe('pérdida de un nodo trabajador bajo carga (cluster)', function () {
  this.timeout(1_200_000);
  let s: SistemaEnCluster;
  let env: NodeJS.ProcessEnv;

  async function pods(): Promise<Pod[]> {
    return (JSON.parse(await s.k('get', 'pods', '-o', 'json')) as { items: Pod[] }).items;
  }
  const listo = (p: Pod) =>
    !p.metadata.deletionTimestamp &&
    p.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');
  const app = (p: Pod) => p.metadata.labels?.['app.kubernetes.io/name'];

  before(async function () {
    this.timeout(2_400_000); // `cluster up` + `deploy` when this suite runs first
    s = await sistemaEnCluster();
    env = await asegurarDocker();
    await desplegar({ reenviar: false, valores: VALORES });
    await juntarEstadoConPostgres();
    await s.esperarApis();
    await esperarHasta(
      'two Ready replicas of pagos and of liquidacion, on different nodes',
      async () => {
        const p = (await pods()).filter(listo);
        return ['pagos', 'liquidacion'].every(
          (a) => new Set(p.filter((x) => app(x) === a).map((x) => x.spec.nodeName)).size === 2,
        );
      },
      300_000,
      2000,
    );
  });

  /**
   * What keeps state the test reads stays on one worker, and the test loses the other: the dev Pulsar
   * and Postgres keep their data on node-local volumes (local-path) that pin each pod to its node
   * (losing that node is a lost database, not a failover), and the PSP stand-in keeps its ledger in
   * memory (the test's proof of one transfer per payment). When Pulsar is elsewhere it moves to
   * Postgres' node on a new, empty volume (dev data) and the APIs restart so their sidecars subscribe
   * on the new broker; the stand-in is pinned there before the load (its ledger starts empty).
   */
  async function juntarEstadoConPostgres(): Promise<void> {
    const nodoDe = async (pod: string) =>
      (await s.k('get', 'pod', pod, '-o', 'jsonpath={.spec.nodeName}')).trim();
    const nodoPostgres = await nodoDe('postgres-0');
    const enNodo = JSON.stringify({
      spec: { template: { spec: { nodeSelector: { 'kubernetes.io/hostname': nodoPostgres } } } },
    });
    await s.k('patch', 'deployment', 'pasarela-simulada', '--type=merge', '-p', enNodo);
    await s.k('rollout', 'status', 'deployment/pasarela-simulada', '--timeout=300s');
    if ((await nodoDe('pulsar-0')) === nodoPostgres) return;
    console.log(`      moving the dev Pulsar to ${nodoPostgres}, beside Postgres, on a new volume`);
    await s.k('scale', 'statefulset/pulsar', '--replicas=0');
    await s.k('wait', '--for=delete', 'pod/pulsar-0', '--timeout=180s');
    await s.k('delete', 'pvc', 'datos-pulsar-0', '--timeout=180s');
    await s.k('patch', 'statefulset', 'pulsar', '--type=merge', '-p', enNodo);
    await s.k('scale', 'statefulset/pulsar', '--replicas=1');
    await s.k('rollout', 'status', 'statefulset/pulsar', '--timeout=600s');
    await s.k('rollout', 'restart', 'deployment/pagos', 'deployment/liquidacion');
    for (const d of ['pagos', 'liquidacion'])
      await s.k('rollout', 'status', `deployment/${d}`, '--timeout=600s');
  }

  after(async () => {
    // back to skaffold's dev values for whatever runs next; helm keeps fields it never set, so the
    // pins of juntarEstadoConPostgres go first (Pulsar stays where its volume is anyway)
    if (s) {
      const sinPin = JSON.stringify([{ op: 'remove', path: '/spec/template/spec/nodeSelector' }]);
      for (const carga of ['deployment/pasarela-simulada', 'statefulset/pulsar'])
        await s.k('patch', carga, '--type=json', '-p', sinPin).catch(() => undefined); // not pinned
      await desplegar({ reenviar: false });
      await s.esperarApis();
    }
  });

  it('la API sigue aceptando, los pods se reprograman y cada pago aceptado termina una vez', async () => {
    const actuales = await pods();
    const estables = new Set(
      actuales
        .filter((p) => ['pulsar', 'postgres', 'pasarela-simulada'].includes(app(p) ?? ''))
        .map((p) => p.spec.nodeName),
    );
    const candidatos = ['alpes-worker', 'alpes-worker2'].filter((n) => !estables.has(n));
    // lose the worker that holds none of Pulsar, Postgres and the PSP stand-in (juntarEstadoConPostgres)
    const victima = candidatos[0];
    if (!victima)
      throw new Error(`no worker free of Pulsar, Postgres and the PSP stand-in: ${[...estables].join(', ')}`);
    const aceptados: string[] = [];
    let errores = 0;
    let cargando = true;
    const inicio = Date.now();
    const carga = (async () => {
      while (cargando) {
        await llamar(
          s.pagos,
          s.pagos.solicitarPago,
          {
            claveIdempotencia: randomUUID(),
            idInfluencer: 'inf-nodo',
            idPrograma: 'programa-nodo',
            referencia: `nodo-${aceptados.length}`,
            monto: { moneda: 'COP', unidadesMenores: 5_000n },
          },
          3000,
        ).then(
          (r) => aceptados.push(r.pago!.id),
          () => errores++,
        );
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    await esperarHasta('some payments accepted before the fault', async () => aceptados.length >= 50, 60_000);
    const { kubectl } = await asegurarHerramientas();
    const caida = Date.now();
    await ejecutar('docker', ['stop', '-t', '0', victima], { env });
    await esperarHasta(
      `pods of ${victima} rescheduled: 2 Ready replicas of pagos and liquidacion off ${victima}`,
      async () => {
        const p = (await pods()).filter((x) => listo(x) && x.spec.nodeName !== victima);
        return ['pagos', 'liquidacion'].every((a) => p.filter((x) => app(x) === a).length >= 2);
      },
      600_000,
      2000,
    );
    const reprogramado = (Date.now() - caida) / 1000;
    const antes = aceptados.length;
    await esperarHasta(
      'accepting again after the reschedule',
      async () => aceptados.length > antes + 20,
      120_000,
    );
    cargando = false;
    await carga;
    await ejecutar('docker', ['start', victima], { env });
    await enrutarPods(kubectl, env);
    await esperarHasta(
      `${victima} Ready again`,
      async () =>
        (
          await s.k('get', 'node', victima, '-o', 'jsonpath={.status.conditions[?(@.type=="Ready")].status}')
        ).trim() === 'True',
      300_000,
      2000,
    );

    const plazo = Date.now() + 600_000;
    const porEstado: Record<string, number> = {};
    const pagados: string[] = [];
    for (const id of aceptados) {
      let p: pagos.Pago;
      for (;;) {
        // UNAVAILABLE while a port-forward broken by the fault is relaunched: ask again
        const r = await llamar(s.pagos, s.pagos.obtenerPago, { idPago: id }).catch((e: grpc.ServiceError) => {
          if (e.code === grpc.status.UNAVAILABLE && Date.now() < plazo) return undefined;
          throw e;
        });
        if (r) {
          p = r.pago!;
          if (p.estado !== EstadoPago.ESTADO_PAGO_SOLICITADO || Date.now() > plazo) break;
        }
        await new Promise((r) => setTimeout(r, 500));
      }
      porEstado[EstadoPago[p.estado]] = (porEstado[EstadoPago[p.estado]] ?? 0) + 1;
      if (p.estado === EstadoPago.ESTADO_PAGO_PAGADO) pagados.push(id);
    }
    const libro = await s.pasarela.transferencias();
    const porPago = new Map<string, number>();
    for (const t of libro) porPago.set(t.id_pago, (porPago.get(t.id_pago) ?? 0) + 1);
    console.log(
      `      node ${victima} stopped ${((caida - inicio) / 1000).toFixed(0)} s into the load; pods rescheduled and Ready ` +
        `${reprogramado.toFixed(0)} s later; ${aceptados.length} accepted, ${errores} calls failed; final ${JSON.stringify(porEstado)}`,
    );
    expect(porEstado.ESTADO_PAGO_SOLICITADO ?? 0, 'none left SOLICITADO').to.equal(0);
    expect(
      [...porPago.values()].every((n) => n === 1),
      'at most one transfer per payment',
    ).to.equal(true);
    expect(
      pagados.filter((id) => porPago.get(id) !== 1),
      'PAGADO without exactly one transfer',
    ).to.deep.equal([]);
  });
});
