import { expect } from 'chai';
import { CONFIG_K8S_POR_OMISION, ObjetivoK8s, type EjecutorComandos } from '../../src/objetivos/k8s';

class EjecutorFalso implements EjecutorComandos {
  readonly comandos: string[] = [];
  readonly lanzados: { linea: string; terminar: (codigo: number) => void; detenido: boolean }[] = [];
  constructor(private readonly respuestas: [RegExp, string | (() => string)][] = []) {}

  async ejecutar(comando: string, args: string[]): Promise<string> {
    const linea = [comando, ...args].join(' ');
    this.comandos.push(linea);
    const r = this.respuestas.find(([patron]) => patron.test(linea))?.[1];
    return typeof r === 'function' ? r() : (r ?? '');
  }

  lanzar(comando: string, args: string[]) {
    let terminar!: (codigo: number) => void;
    const terminado = new Promise<number>((r) => (terminar = r));
    const registro = { linea: [comando, ...args].join(' '), terminar, detenido: false };
    this.lanzados.push(registro);
    return { detener: () => ((registro.detenido = true), terminar(0)), terminado };
  }
}

const sinEsperas = { esperar: async () => undefined, esperarPuerto: async () => undefined };
const config = { ...CONFIG_K8S_POR_OMISION, namespace: 'alpes', contexto: 'kind-alpes' };

describe('objetivo k8s: los comandos kubectl que emitiría', () => {
  it('matar una carga la deja en 0 réplicas y borra sus pods sin gracia; reiniciar vuelve a las réplicas previas', async () => {
    const ej = new EjecutorFalso([[/get deployment\/liquidacion/, '3']]);
    const k8s = new ObjetivoK8s(ej, config, sinEsperas);
    await k8s.matar('liquidacion');
    await k8s.reiniciar('liquidacion');
    await k8s.esperarListo('liquidacion', 90_000);
    expect(ej.comandos).to.deep.equal([
      'kubectl --context kind-alpes -n alpes get deployment/liquidacion -o jsonpath={.spec.replicas}',
      'kubectl --context kind-alpes -n alpes scale deployment/liquidacion --replicas=0',
      'kubectl --context kind-alpes -n alpes delete pod -l app.kubernetes.io/name=liquidacion --grace-period=0 --force --wait=false',
      'kubectl --context kind-alpes -n alpes scale deployment/liquidacion --replicas=3',
      'kubectl --context kind-alpes -n alpes rollout status deployment/liquidacion --timeout=90s',
    ]);
  });

  it('pulsar y postgres son StatefulSets', async () => {
    const ej = new EjecutorFalso([[/get statefulset/, '1']]);
    const k8s = new ObjetivoK8s(ej, { ...CONFIG_K8S_POR_OMISION }, sinEsperas);
    for (const c of ['pulsar', 'postgres'] as const) {
      await k8s.matar(c);
      await k8s.reiniciar(c);
      await k8s.esperarListo(c, 300_000);
    }
    expect(ej.comandos).to.deep.equal([
      'kubectl get statefulset/pulsar -o jsonpath={.spec.replicas}',
      'kubectl scale statefulset/pulsar --replicas=0',
      'kubectl delete pod -l app.kubernetes.io/name=pulsar --grace-period=0 --force --wait=false',
      'kubectl scale statefulset/pulsar --replicas=1',
      'kubectl rollout status statefulset/pulsar --timeout=300s',
      'kubectl get statefulset/postgres -o jsonpath={.spec.replicas}',
      'kubectl scale statefulset/postgres --replicas=0',
      'kubectl delete pod -l app.kubernetes.io/name=postgres --grace-period=0 --force --wait=false',
      'kubectl scale statefulset/postgres --replicas=1',
      'kubectl rollout status statefulset/postgres --timeout=300s',
    ]);
  });

  it('matar un daprd detiene con SIGKILL su contenedor en el nodo y espera a que el kubelet lo reinicie', async () => {
    let reinicios = 2;
    const ej = new EjecutorFalso([
      [/get pod -l app\.kubernetes\.io\/name=pagos/, 'pagos-7d9-abc kind-worker containerd://f00d 2\n'],
      [/get pod pagos-7d9-abc/, () => String(reinicios++)], // 2 (not yet), then 3
    ]);
    const k8s = new ObjetivoK8s(ej, config, sinEsperas);
    await k8s.matar('daprd-pagos');
    await k8s.reiniciar('daprd-pagos');
    await k8s.esperarListo('daprd-pagos', 60_000);
    const p = 'kubectl --context kind-alpes -n alpes';
    expect(ej.comandos).to.deep.equal([
      `${p} get pod -l app.kubernetes.io/name=pagos -o jsonpath={range .items[*]}{.metadata.name} {.spec.nodeName} {.status.containerStatuses[?(@.name=="daprd")].containerID} {.status.containerStatuses[?(@.name=="daprd")].restartCount}{"\\n"}{end}`,
      `${p} debug node/kind-worker --image=busybox:1.36 --profile=sysadmin -- chroot /host crictl stop --timeout 0 f00d`,
      `${p} get pod pagos-7d9-abc -o jsonpath={.status.containerStatuses[?(@.name=="daprd")].restartCount}`,
      `${p} get pod pagos-7d9-abc -o jsonpath={.status.containerStatuses[?(@.name=="daprd")].restartCount}`,
      `${p} wait --for=condition=Ready pod/pagos-7d9-abc --timeout=60s`,
    ]);
  });

  it('sin pods del sidecar, matar falla diciendo qué buscó', async () => {
    const k8s = new ObjetivoK8s(new EjecutorFalso(), config, sinEsperas);
    let error: Error | undefined;
    await k8s.matar('daprd-liquidacion').catch((e: Error) => (error = e));
    expect(error?.message).to.match(
      /ningún pod de liquidacion con contenedor daprd \(selector app\.kubernetes\.io\/name=liquidacion\)/,
    );
  });

  it('las direcciones vienen de port-forwards que se relanzan si mueren, hasta cerrar', async () => {
    const ej = new EjecutorFalso();
    const k8s = new ObjetivoK8s(ej, config, sinEsperas);
    const d = await k8s.direcciones();
    expect(d).to.deep.equal({
      pagos: '127.0.0.1:50051',
      liquidacion: '127.0.0.1:50052',
      pasarela: 'http://127.0.0.1:4010',
      pulsarAdmin: 'http://127.0.0.1:8080',
      daprHttp: 'http://127.0.0.1:3500',
    });
    const p = 'kubectl --context kind-alpes -n alpes port-forward --address 127.0.0.1';
    expect(ej.lanzados.map((l) => l.linea)).to.deep.equal([
      `${p} svc/pagos 50051:50051`,
      `${p} svc/liquidacion 50052:50052`,
      `${p} svc/pasarela-simulada 4010:4010`,
      `${p} svc/pulsar 8080:8080`,
      `${p} deploy/pagos 3500:3500`,
    ]);
    ej.lanzados[0]!.terminar(1); // the pod behind svc/pagos was killed
    for (let k = 0; k < 10 && ej.lanzados.length < 6; k++) await new Promise((r) => setImmediate(r));
    expect(ej.lanzados[5]?.linea).to.equal(`${p} svc/pagos 50051:50051`);
    await k8s.cerrar();
    expect(ej.lanzados.slice(1).every((l) => l.detenido)).to.equal(true);
    const antes = ej.lanzados.length;
    ej.lanzados[5]!.terminar(0);
    await new Promise((r) => setImmediate(r));
    expect(ej.lanzados.length).to.equal(antes); // closed: no relaunch
  });
});
