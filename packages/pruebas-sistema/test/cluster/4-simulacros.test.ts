import { expect } from 'chai';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { asegurarHerramientas, CONTEXTO } from '@alpes/cluster';
import { NOMBRES } from '@alpes/contratos';
import { esperarHasta, RAIZ_REPO } from '@alpes/entorno';
import { sistemaEnCluster, NAMESPACE, type SistemaEnCluster } from '../../src';

// The four drills as an operator runs them against the cluster: `npm run drill -- <name>
// --target k8s --corto`, everything through kubectl (port-forwards, pod deletes, crictl on the node).
//
// KEDA is paused at one liquidacion replica meanwhile (3-keda proves the autoscaling): in CI a
// scale-up to 3 pods plus their sidecars starved the 2 cores (the failover drill saw 60 % of its
// calls time out), and a scale-down closes a consumer whose unacked messages Pulsar hands to the
// others, which the poison drill rightly counts as redeliveries. Rates are the cluster's: on 2
// cores shared by 3 nodes, the control planes and everything in them, `--corto`'s local rates
// already timed out calls.
const PAUSA = 'autoscaling.keda.sh/paused-replicas';
const TASAS: Record<string, string> = { load: '40', failover: '20', outage: '20', poison: '20' };

const MAIN = path.join(RAIZ_REPO, 'packages', 'simulacros', 'dist', 'src', 'main.js');
const INFORMES = path.join(RAIZ_REPO, 'informes', 'cluster');

interface Informe {
  exito: boolean;
  verificacion: {
    invariantes: { nombre: string; ok: boolean }[];
    conteos: { aceptados: number; porEstado: Record<string, number> };
  };
  recuperaciones: { componente: string; msHastaListo: number | null; msRecuperacion: number | null }[];
}

function simulacro(
  nombre: string,
  args: string[],
): Promise<{ codigo: number; salida: string; informe?: Informe }> {
  return new Promise((resolve) => {
    const hijo = spawn(process.execPath, [MAIN, nombre, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let salida = '';
    hijo.stdout.on('data', (d: Buffer) => (salida += d.toString()));
    hijo.stderr.on('data', (d: Buffer) => (salida += d.toString()));
    hijo.once('close', (codigo) => {
      const json = /^\s+(\S+\.json)\s*$/m.exec(salida)?.[1];
      const informe =
        json && fs.existsSync(json) ? (JSON.parse(fs.readFileSync(json, 'utf8')) as Informe) : undefined;
      resolve({ codigo: codigo ?? 1, salida, informe });
    });
  });
}

describe('simulacros con --target k8s contra el cluster kind (cluster)', function () {
  this.timeout(1_200_000);
  let s: SistemaEnCluster;
  let banderas: string[];

  before(async function () {
    // the first suite to ask pays for `cluster up` + `deploy` (minutes on a cold machine)
    this.timeout(2_400_000);
    s = await sistemaEnCluster();
    const { kubectl } = await asegurarHerramientas();
    fs.mkdirSync(INFORMES, { recursive: true });
    const config = path.join(INFORMES, 'k8s-config.json');
    fs.writeFileSync(config, JSON.stringify({ kubectl }));
    banderas = [
      '--target',
      'k8s',
      '--corto',
      '--k8s-contexto',
      CONTEXTO,
      '--k8s-namespace',
      NAMESPACE,
      '--k8s-config',
      config,
      '--informes',
      INFORMES,
    ];
    await s.k('annotate', 'scaledobject', NOMBRES.appIds.liquidacion, `${PAUSA}=1`, '--overwrite');
  });

  after(async () => {
    await s?.k('annotate', 'scaledobject', NOMBRES.appIds.liquidacion, `${PAUSA}-`);
  });

  /** One liquidacion pod, Ready, none terminating: no consumer joins or leaves during a drill. */
  async function unaReplicaEstable(): Promise<boolean> {
    const { deseadas, listas } = await s.replicasLiquidacion();
    return deseadas === 1 && listas === 1 && (await s.podsLiquidacion()) === 1;
  }

  beforeEach(async () => {
    await esperarHasta('liquidacion at one stable replica (KEDA paused)', unaReplicaEstable, 300_000, 2000);
    await s.pasarela.permitir();
    await s.pasarela.configurarFallas({
      tasa_error: 0,
      latencia_ms: 0,
      latencia_respuesta_ms: 0,
      rechazar_influencers: [],
    });
  });

  async function correr(nombre: string, ...extra: string[]): Promise<Informe> {
    const r = await simulacro(nombre, [...banderas, '--tasa', TASAS[nombre]!, ...extra]);
    const contexto = `drill ${nombre} exit ${r.codigo}\n${r.salida.slice(-6000)}`;
    expect(r.codigo, contexto).to.equal(0);
    expect(r.informe, contexto).to.not.equal(undefined);
    for (const i of r.informe!.verificacion.invariantes)
      expect(i.ok, `${i.nombre}: ${contexto}`).to.equal(true);
    expect(r.informe!.verificacion.conteos.aceptados, contexto).to.be.greaterThan(0);
    expect(r.informe!.verificacion.conteos.porEstado.SOLICITADO ?? 0, contexto).to.equal(0);
    console.log(`      ${nombre}: ${r.salida.trim().split('\n').slice(-12).join('\n      ')}`);
    return r.informe!;
  }

  it('load: todo pago aceptado termina en un estado, con a lo sumo una transferencia', async () => {
    await correr('load');
  });

  // Each pod of the list in turn, under load: a Deployment's pod (liquidacion, pagos) and a
  // StatefulSet's (the dev Pulsar and Postgres, restarted on their volumes). Recovery per fault is
  // in the printed summary and the report.
  it('failover: se borran los pods de liquidacion, pagos, Pulsar y Postgres bajo carga y las invariantes se cumplen', async () => {
    const informe = await correr('failover', '--componentes', 'liquidacion,pagos,pulsar,postgres');
    expect(informe.recuperaciones.map((r) => r.componente)).to.deep.equal([
      'liquidacion',
      'pagos',
      'pulsar',
      'postgres',
    ]);
  });

  it('outage: pasarela caída -> FALLIDO -> permitir -> reintento masivo -> PAGADO una sola vez', async () => {
    await correr('outage');
  });

  it('poison: eventos inválidos van a dead letter sin bucles y los válidos siguen', async () => {
    await correr('poison');
  });
});
