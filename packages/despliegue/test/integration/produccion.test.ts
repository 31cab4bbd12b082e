import { NOMBRES } from '@alpes/contratos';
import { expect } from 'chai';
import type { ObjetoK8s } from '../../src/chart';
import { env, plantillaPod, puertoSondas, render, todos, unico } from '../apoyo';

const SERVICIOS = [NOMBRES.appIds.pagos, NOMBRES.appIds.liquidacion];

interface Regla {
  from?: Record<string, unknown>[];
  ports?: { port: number }[];
}
type PoliticaRed = ObjetoK8s & {
  spec: {
    podSelector: {
      matchLabels?: Record<string, string>;
      matchExpressions?: { key: string; values: string[] }[];
    };
    policyTypes: string[];
    ingress?: Regla[];
  };
};

describe('valores de producción', () => {
  let objetos: ObjetoK8s[];
  before(async () => {
    objetos = await render('prod');
  });

  it('no lleva Pulsar, Postgres, pasarela simulada ni Secrets propios: todo eso es externo', () => {
    expect(todos(objetos, 'StatefulSet')).to.be.empty;
    expect(todos(objetos, 'Secret')).to.be.empty;
    expect(objetos.some((o) => o.metadata.name === 'pasarela-simulada')).to.be.false;
  });

  it('la base de datos de cada servicio y de su migración llega de un Secret', () => {
    const cargas = [
      ...SERVICIOS.map((s) => ({ carga: unico(objetos, 'Deployment', s), variable: 'URL_BASE_DATOS' })),
      ...todos(objetos, 'Job').map((carga) => ({ carga, variable: 'URL_BASE_DATOS_MIGRACION' })),
    ];
    expect(cargas).to.have.length(4);
    for (const { carga, variable } of cargas) {
      const url = env(plantillaPod(carga).spec.containers[0]!, variable);
      expect(url?.value, `${carga.kind}/${carga.metadata.name}`).to.be.undefined;
      expect(url?.valueFrom?.secretKeyRef?.name).to.equal('alpes-base-datos');
    }
  });

  it('los Deployments nunca reciben la URL ni la clave del rol de migración: sirven con el rol del servicio', () => {
    const clavesMigracion = todos(objetos, 'Job').map(
      (j) =>
        env(plantillaPod(j).spec.containers[0]!, 'URL_BASE_DATOS_MIGRACION')!.valueFrom!.secretKeyRef!.key,
    );
    expect(clavesMigracion).to.have.members(['url-migracion-pagos', 'url-migracion-liquidacion']);
    for (const carga of todos(objetos, 'Deployment')) {
      for (const c of plantillaPod(carga).spec.containers) {
        const donde = `${carga.metadata.name}/${c.name}`;
        expect(env(c, 'URL_BASE_DATOS_MIGRACION'), donde).to.be.undefined;
        expect((c as { envFrom?: unknown[] }).envFrom, donde).to.be.undefined;
        const claves = (c.env ?? []).map((e) => e.valueFrom?.secretKeyRef?.key);
        for (const clave of clavesMigracion) expect(claves, donde).to.not.include(clave);
      }
    }
  });

  it('la dirección y el token de Pulsar llegan de Secrets, para Dapr y para KEDA', () => {
    const componente = unico(objetos, 'Component', NOMBRES.componentePubsub) as ObjetoK8s & {
      auth?: { secretStore: string };
      spec: { metadata: { name: string; value?: string; secretKeyRef?: { name: string; key: string } }[] };
    };
    const m = (n: string) => componente.spec.metadata.find((x) => x.name === n);
    expect(componente.auth?.secretStore).to.equal('kubernetes');
    expect(m('host')?.value).to.be.undefined;
    expect(m('host')?.secretKeyRef).to.deep.equal({ name: 'alpes-pulsar', key: 'host' });
    expect(m('token')?.secretKeyRef).to.deep.equal({ name: 'alpes-pulsar', key: 'token' });

    const autenticacion = unico(objetos, 'TriggerAuthentication') as ObjetoK8s & {
      spec: { secretTargetRef: { parameter: string; name: string; key: string }[] };
    };
    expect(autenticacion.spec.secretTargetRef).to.deep.equal([
      { parameter: 'bearerToken', name: 'alpes-pulsar', key: 'token' },
    ]);
    const triggers = (
      unico(objetos, 'ScaledObject').spec as {
        triggers: { metadata: Record<string, string>; authenticationRef?: { name: string } }[];
      }
    ).triggers;
    for (const t of triggers) {
      expect(t.metadata.authModes).to.equal('bearer');
      expect(t.authenticationRef?.name).to.equal(autenticacion.metadata.name);
    }
  });

  it('NetworkPolicy: entrada denegada salvo gRPC desde los clientes declarados y métricas desde monitoreo', () => {
    const politicas = (todos(objetos, 'NetworkPolicy') as PoliticaRed[]).filter((p) =>
      p.spec.policyTypes.includes('Ingress'),
    );
    const denegar = politicas.find((p) => !p.spec.ingress);
    expect(denegar, 'una política que deniega toda entrada').to.exist;
    const seleccionados = denegar!.spec.podSelector.matchExpressions!.find(
      (e) => e.key === 'app.kubernetes.io/name',
    )!;
    expect(seleccionados.values).to.include.members(SERVICIOS);

    for (const servicio of SERVICIOS) {
      const politica = politicas.find(
        (p) => p.spec.podSelector.matchLabels?.['app.kubernetes.io/name'] === servicio,
      );
      expect(politica, `política de entrada de ${servicio}`).to.exist;
      const grpc = plantillaPod(unico(objetos, 'Deployment', servicio)).spec.containers[0]!.ports!.find(
        (p) => p.name === 'grpc',
      )!.containerPort;
      for (const regla of politica!.spec.ingress!) {
        // a rule without `from` would admit every source
        expect(regla.from, `${servicio}: toda regla nombra de dónde`).to.be.an('array').that.is.not.empty;
      }
      expect(politica!.spec.ingress!.some((r) => r.ports!.some((p) => p.port === grpc))).to.be.true;
    }
  });

  it('migra solo el Job de migración, no cada pod al arrancar', () => {
    for (const servicio of SERVICIOS) {
      const c = plantillaPod(unico(objetos, 'Deployment', servicio)).spec.containers[0]!;
      expect(env(c, 'MIGRAR_AL_INICIAR')!.value).to.equal('false');
    }
    expect(todos(objetos, 'Job').map((j) => j.metadata.annotations!['helm.sh/hook'])).to.deep.equal([
      'pre-install,pre-upgrade',
      'pre-install,pre-upgrade',
    ]);
  });

  it('cada contenedor corre sin root, con el sistema de archivos de solo lectura y sin capacidades', () => {
    const cargas = todos(objetos, 'Deployment').concat(todos(objetos, 'Job'));
    expect(cargas.length).to.equal(4);
    for (const carga of cargas) {
      const pod = plantillaPod(carga);
      expect(pod.spec.securityContext?.runAsNonRoot, carga.metadata.name).to.be.true;
      expect(pod.spec.securityContext?.runAsUser).to.be.greaterThan(0);
      expect(pod.spec.securityContext?.seccompProfile?.type).to.equal('RuntimeDefault');
      for (const c of pod.spec.containers) {
        expect(c.securityContext, `${carga.metadata.name}/${c.name}`).to.deep.include({
          runAsNonRoot: true,
          readOnlyRootFilesystem: true,
          allowPrivilegeEscalation: false,
        });
        expect(c.securityContext!.capabilities!.drop).to.deep.equal(['ALL']);
      }
    }
  });

  it('las sondas de arranque, disponibilidad y vida son gRPC health (el del puerto gRPC, en claro junto al TLS)', () => {
    for (const servicio of SERVICIOS) {
      const c = plantillaPod(unico(objetos, 'Deployment', servicio)).spec.containers[0]!;
      const grpc = puertoSondas(c);
      expect(c.startupProbe).to.deep.include({ grpc: { port: grpc } });
      expect(c.readinessProbe).to.deep.include({ grpc: { port: grpc } });
      expect(c.livenessProbe).to.deep.include({ grpc: { port: grpc } });
    }
  });

  it('hay un PodDisruptionBudget por servicio que selecciona sus pods y deja al menos uno en pie', () => {
    const minimoReplicas: Record<string, number> = {
      [NOMBRES.appIds.pagos]: (
        unico(objetos, 'HorizontalPodAutoscaler', NOMBRES.appIds.pagos).spec as {
          minReplicas: number;
        }
      ).minReplicas,
      [NOMBRES.appIds.liquidacion]: (unico(objetos, 'ScaledObject').spec as { minReplicaCount: number })
        .minReplicaCount,
    };
    for (const servicio of SERVICIOS) {
      const pdb = unico(objetos, 'PodDisruptionBudget', servicio).spec as {
        maxUnavailable: number;
        selector: { matchLabels: Record<string, string> };
      };
      const etiquetas = plantillaPod(unico(objetos, 'Deployment', servicio)).metadata!.labels!;
      expect(etiquetas).to.include(pdb.selector.matchLabels);
      expect(pdb.maxUnavailable).to.be.lessThan(minimoReplicas[servicio]!);
    }
  });

  it('pagos escala con su HPA y no fija réplicas; liquidacion solo con KEDA', () => {
    expect(unico(objetos, 'Deployment', NOMBRES.appIds.pagos).spec as object).to.not.have.property(
      'replicas',
    );
    expect(todos(objetos, 'HorizontalPodAutoscaler').map((h) => h.metadata.name)).to.deep.equal([
      NOMBRES.appIds.pagos,
    ]);
  });
});
