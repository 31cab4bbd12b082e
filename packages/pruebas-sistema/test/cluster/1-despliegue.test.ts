// Files run in the order of their number: deployment, flow, KEDA and drills first, then the two
// that redeploy with other values (scale from zero, node loss) and put skaffold's dev values back.
import { expect } from 'chai';
import { grpcSirviendo } from '@alpes/entorno';
import { sistemaEnCluster, type SistemaEnCluster } from '../../src';
import { reenviar } from '../../src/cluster/reenvio';

// What `npm run cluster -- deploy` leaves running, checked as an operator would with kubectl.

interface Pod {
  metadata: { name: string; labels?: Record<string, string> };
  spec: { containers: { name: string; image: string }[] };
  status: { phase: string; containerStatuses?: { name: string; ready: boolean }[] };
}

describe('despliegue en el cluster kind (cluster)', function () {
  this.timeout(600_000);
  let s: SistemaEnCluster;

  before(async function () {
    // the first suite to ask pays for `cluster up` + `deploy` (minutes on a cold machine)
    this.timeout(2_400_000);
    s = await sistemaEnCluster();
  });

  it('cada Deployment está listo, y pagos y liquidacion llevan su sidecar daprd inyectado', async () => {
    const despliegues = JSON.parse(await s.k('get', 'deployments', '-o', 'json')) as {
      items: { metadata: { name: string }; spec: { replicas: number }; status: { readyReplicas?: number } }[];
    };
    const nombres = despliegues.items.map((d) => d.metadata.name);
    expect(nombres).to.include.members(['pagos', 'liquidacion', 'pasarela-simulada']);
    for (const d of despliegues.items) {
      expect(d.status.readyReplicas ?? 0, `${d.metadata.name} ready replicas`).to.equal(d.spec.replicas);
    }
    const pods = JSON.parse(await s.k('get', 'pods', '-o', 'json')) as { items: Pod[] };
    for (const app of ['pagos', 'liquidacion']) {
      const suyos = pods.items.filter(
        (p) => p.metadata.labels?.['app.kubernetes.io/name'] === app && p.status.phase === 'Running',
      );
      expect(suyos, `running pods of ${app}`).to.not.be.empty;
      for (const p of suyos) {
        expect(
          p.spec.containers.map((c) => c.name),
          p.metadata.name,
        ).to.include('daprd');
        expect(
          p.status.containerStatuses?.every((c) => c.ready),
          `${p.metadata.name} containers ready`,
        ).to.equal(true);
      }
    }
  });

  it('las migraciones corrieron: sus Jobs (hooks de Helm, sin sidecar) terminaron bien', async () => {
    // hook-succeeded deletes the Jobs, so Helm's own record of the hooks' last run is the evidence
    const release = JSON.parse(await s.helm('status', 'alpes', '-o', 'json')) as {
      info: { status: string };
      hooks?: { name: string; kind: string; last_run?: { phase?: string } }[];
    };
    expect(release.info.status).to.equal('deployed');
    const migraciones = (release.hooks ?? []).filter((h) => h.kind === 'Job' && h.name.includes('migracion'));
    expect(migraciones.map((h) => h.name).sort()).to.deep.equal(['liquidacion-migracion', 'pagos-migracion']);
    for (const h of migraciones) expect(h.last_run?.phase, h.name).to.equal('Succeeded');
    const jobs = await s.k('get', 'jobs', '-o', 'name');
    expect(jobs.trim(), 'no migration Job left running').to.equal('');
  });

  it('grpc.health.v1 responde SERVING a través de cada Service', async () => {
    for (const [servicio, puerto] of [
      ['svc/pagos', 50051],
      ['svc/liquidacion', 50052],
    ] as const) {
      const r = await reenviar(s.kubectl, servicio, puerto);
      try {
        expect(await grpcSirviendo(`127.0.0.1:${r.puerto}`), servicio).to.equal(true);
      } finally {
        r.cerrar();
      }
    }
  });
});
