import { expect } from 'chai';
import * as path from 'node:path';
import { desplegarComoSkaffold, planDesdeSkaffold, type OpcionesDespliegue } from '../../src/skaffold';
import { interpretarSkaffold } from '../../src/skaffold/leer';
import { planificar } from '../../src/skaffold/plan';
import { verificarEstado } from '../../src/skaffold/verificacion';
import {
  BINARIOS,
  carpetaTemporal,
  EjecutorFalso,
  type Guion,
  type Llamada,
  RAIZ,
  variante,
} from './skaffold-apoyo';

const RECURSOS = 'deployment.apps/pagos\ndeployment.apps/liquidacion\nstatefulset.apps/postgres\n';

/** The cluster answers: pagos's image already built, the others not; three workloads in alpes. */
function responder(l: Llamada): string | Error {
  const linea = l.args.join(' ');
  if (linea.startsWith('image inspect')) {
    return linea.includes('alpes/pagos:')
      ? 'sha256:1234'
      : new Error(`docker failed:\n    Error: No such image: ${l.args.at(-1)}`);
  }
  if (linea.startsWith('get deployments,statefulsets')) return RECURSOS;
  if (linea.startsWith('get pods -n alpes -o json')) return JSON.stringify({ items: [] });
  if (linea.startsWith('get pods')) return 'NAME READY STATUS\npagos-1 1/2 Running';
  if (linea.startsWith('get events'))
    return 'LAST SEEN TYPE REASON\n10s Warning Unhealthy readiness probe failed';
  return '';
}

function guionListo(l: Llamada): Guion {
  if (l.args[0] === 'rollout') {
    return {
      lineas: [
        `Waiting for ${l.args[2]} rollout to finish: 0 of 1 updated replicas are available...`,
        'successfully rolled out',
      ],
      codigo: 0,
    };
  }
  if (l.args[0] === 'port-forward')
    return { lineas: [`Forwarding from 127.0.0.1:${l.args[2]!.split(':')[0]} -> x`], vivo: true };
  return { codigo: 0 };
}

function opciones(
  ejecutor: EjecutorFalso,
  extra: Partial<OpcionesDespliegue> = {},
): OpcionesDespliegue & { salida: string[] } {
  const salida: string[] = [];
  return {
    raiz: RAIZ,
    perfil: 'kind',
    contexto: 'kind-alpes',
    ejecutor,
    reenviar: true,
    binarios: BINARIOS,
    entorno: { DOCKER_HOST: 'unix:///motor.sock', KUBECONFIG: '/k/config' },
    registros: carpetaTemporal('skaffold-registros-'),
    informar: (l) => salida.push(l),
    tiempos: { latidoMs: 60_000, sondeoMs: 5, esperaRelanzarMs: 5 },
    puertoLibre: async () => true,
    salida,
    ...extra,
  };
}

describe('desplegarComoSkaffold: the commands it issues', function () {
  this.timeout(30_000); // reading the build contexts of a busy 2-core machine
  const plan = planDesdeSkaffold({ raiz: RAIZ, perfil: 'kind', contexto: 'kind-alpes' });
  const [pagos, liquidacion, pasarela] = plan.artefactos.map((a) => a.referencia) as [string, string, string];
  const r = (rel: string) => path.join(RAIZ, rel);

  it('builds what is missing, loads, installs, waits for every workload and forwards, in skaffold’s order', async () => {
    const ejecutor = new EjecutorFalso(responder, guionListo);
    const o = opciones(ejecutor);
    const resultado = await desplegarComoSkaffold(o);
    await resultado.reenvios!.listos(2000);
    await resultado.reenvios!.detener();

    const inspeccion = (ref: string) => `docker image inspect --format {{.Id}} ${ref}`;
    const helm =
      `/h/helm upgrade --install alpes ${r('charts/alpes-pagos')} --namespace alpes --create-namespace ` +
      `-f ${r('charts/alpes-pagos/valores-dev.yaml')} ` +
      `--set liquidacion.imagen=${liquidacion} --set pagos.imagen=${pagos} --set pasarelaSimulada.imagen=${pasarela} ` +
      '--kube-context kind-alpes --wait=false';
    expect(ejecutor.lineas().filter((l) => !l.includes('get pods -n alpes -o json'))).to.deep.equal([
      inspeccion(pagos),
      inspeccion(liquidacion),
      `docker build -f ${r('services/Dockerfile')} -t ${liquidacion} --build-arg PUERTOS=50052 9092 --build-arg SERVICIO=liquidacion ${RAIZ}`,
      inspeccion(pasarela),
      `docker build -f ${r('services/Dockerfile')} -t ${pasarela} --build-arg PUERTOS=4010 --build-arg SERVICIO=pasarela-simulada ${RAIZ}`,
      `/h/kind load docker-image ${pagos} --name alpes`,
      `/h/kind load docker-image ${liquidacion} --name alpes`,
      `/h/kind load docker-image ${pasarela} --name alpes`,
      `/h/helm dependency build ${r('charts/alpes-pagos')}`,
      helm,
      '/h/kubectl get deployments,statefulsets -n alpes -o name --context kind-alpes',
      '/h/kubectl rollout status deployment/pagos -n alpes --timeout=600s --context kind-alpes',
      '/h/kubectl rollout status deployment/liquidacion -n alpes --timeout=600s --context kind-alpes',
      '/h/kubectl rollout status statefulset/postgres -n alpes --timeout=600s --context kind-alpes',
      '/h/kubectl port-forward service/pagos 50051:50051 -n alpes --context kind-alpes',
      '/h/kubectl port-forward service/liquidacion 50052:50052 -n alpes --context kind-alpes',
      '/h/kubectl port-forward service/pasarela-simulada 4010:4010 -n alpes --context kind-alpes',
    ]);

    const build = ejecutor.llamadas.find((l) => l.args[0] === 'build')!;
    expect(build.env).to.include({ DOCKER_BUILDKIT: '0', DOCKER_HOST: 'unix:///motor.sock' });
    expect(build.cwd).to.equal(RAIZ);
    expect(build.registro).to.equal(path.join(o.registros!, 'skaffold-build-alpes_liquidacion.log'));
    expect(ejecutor.llamadas.find((l) => l.comando === '/h/helm')!.env).to.include({
      KUBECONFIG: '/k/config',
    });

    expect(resultado.imagenes.map((i) => i.construida)).to.deep.equal([false, true, true]);
    expect(resultado.reenvios!.reenvios.map((f) => f.puertoLocal)).to.deep.equal([50051, 50052, 4010]);
    expect(ejecutor.detenidos, 'the three forwards stopped').to.equal(3);

    const salida = o.salida.join('\n');
    expect(salida).to.include(`- alpes/pagos -> ${pagos}`);
    expect(salida).to.include('is already in the engine');
    expect(salida).to.include(' - alpes:deployment/pagos is ready.');
    expect(salida).to.match(/Deployments stabilized in \d+\.\d s/);
    expect(salida).to.match(/✓ helm upgrade --install alpes .*\(\d+\.\d s\)/);
  });

  it('without forwarding (CI) it stops after the status check', async () => {
    const ejecutor = new EjecutorFalso(responder, guionListo);
    const resultado = await desplegarComoSkaffold({ ...opciones(ejecutor), reenviar: false });
    expect(resultado.reenvios).to.be.undefined;
    expect(ejecutor.lineas().some((l) => l.includes('port-forward'))).to.be.false;
    expect(ejecutor.lineas().filter((l) => l.includes('rollout status'))).to.have.length(3);
  });

  it('deploy.statusCheck: false skips the status check', async () => {
    const ejecutor = new EjecutorFalso(responder, guionListo);
    const plan = planificar(interpretarSkaffold(variante((c) => (c.deploy.statusCheck = false))), {
      raiz: RAIZ,
      perfiles: ['kind'],
      contexto: 'kind-alpes',
    });
    const salida: string[] = [];
    await verificarEstado({
      plan,
      ejecutor,
      binarios: { ...BINARIOS },
      entorno: {},
      raiz: RAIZ,
      registros: '',
      informar: (l) => salida.push(l),
    });
    expect(ejecutor.llamadas).to.deep.equal([]);
    expect(salida.join()).to.include('status check skipped');
  });

  it('a workload that does not roll out in time fails naming it, with the pods and the last events', async () => {
    const ejecutor = new EjecutorFalso(responder, (l) =>
      l.args[2] === 'deployment/pagos'
        ? { lineas: ['error: timed out waiting for the condition'], codigo: 1 }
        : guionListo(l),
    );
    let error: Error | undefined;
    await desplegarComoSkaffold(opciones(ejecutor)).catch((e: Error) => (error = e));
    expect(error?.message).to.match(/1\/3 deployment\(s\) failed/);
    expect(error?.message).to.include('alpes:deployment/pagos: error: timed out waiting for the condition');
    expect(error?.message).to.include('pagos-1 1/2 Running');
    expect(error?.message).to.include('readiness probe failed');
    expect(ejecutor.lineas().some((l) => l.includes('port-forward'))).to.be.false;
  });

  it('an image that cannot be pulled fails at once, stopping the other rollouts', async () => {
    const pods = {
      items: [
        {
          metadata: { name: 'pagos-abc' },
          status: {
            containerStatuses: [
              {
                name: 'pagos',
                state: { waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling' } },
              },
            ],
          },
        },
      ],
    };
    const ejecutor = new EjecutorFalso(
      (l) => (l.args.join(' ').startsWith('get pods -n alpes -o json') ? JSON.stringify(pods) : responder(l)),
      (l) => (l.args[0] === 'rollout' ? { vivo: true } : guionListo(l)),
    );
    let error: Error | undefined;
    await desplegarComoSkaffold(opciones(ejecutor)).catch((e: Error) => (error = e));
    expect(error?.message).to.include('3/3 deployment(s) failed');
    expect(error?.message).to.include(
      'pod alpes/pagos-abc container pagos: ImagePullBackOff Back-off pulling',
    );
    expect(ejecutor.detenidos).to.equal(3);
  });

  it('a port forward that exits is relaunched; a busy local port moves to the next free one', async () => {
    const ejecutor = new EjecutorFalso(responder, (l, vez) =>
      l.args[0] === 'port-forward' && l.args[1] === 'service/pagos' && vez === 0
        ? { lineas: ['error: lost connection to pod'], codigo: 1 }
        : guionListo(l),
    );
    const o = opciones(ejecutor, { puertoLibre: async (p) => p !== 4010 });
    const resultado = await desplegarComoSkaffold(o);
    await resultado.reenvios!.listos(2000);
    await resultado.reenvios!.detener();
    const pagos = ejecutor.lineas().filter((l) => l.includes('port-forward service/pagos'));
    expect(pagos).to.have.length(2);
    expect(o.salida.join('\n')).to.include(
      'port-forward service/pagos exited (code 1: error: lost connection to pod)',
    );
    expect(resultado.reenvios!.reenvios.map((f) => f.puertoLocal)).to.deep.equal([50051, 50052, 4011]);
    expect(ejecutor.lineas()).to.include(
      '/h/kubectl port-forward service/pasarela-simulada 4011:4010 -n alpes --context kind-alpes',
    );
  });
});
