import { NOMBRES, TOPICOS } from '@alpes/contratos';
import { NIVELES_LOG } from '@alpes/seedwork';
import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import type { ObjetoK8s } from '../../src/chart';
import { raizRepositorio, rutasChart } from '../../src/raiz';
import { senalDe, senalEscaladoLiquidacion, triggersLiquidacion } from '../../src/senal-keda';
import { topicosSincronizados } from '../../src/topicos';
import { ARCHIVOS_VALORES, env, plantillaPod, puertoSondas, render, todos, unico } from '../apoyo';

type MetadatoDapr = { name: string; value?: string; secretKeyRef?: { name: string; key: string } };

function componentePubsub(objetos: ObjetoK8s[]) {
  const c = unico(objetos, 'Component', NOMBRES.componentePubsub);
  return c as ObjetoK8s & { spec: { type: string; metadata: MetadatoDapr[] }; scopes: string[] };
}

function metadato(objetos: ObjetoK8s[], nombre: string): string | undefined {
  return componentePubsub(objetos).spec.metadata.find((m) => m.name === nombre)?.value;
}

/** What daprd makes of a component metadata value for one sidecar (Dapr's template tags). */
function resolverParaSidecar(valor: string, sidecar: { appId: string; namespace: string }): string {
  if (valor.includes('{uuid}') || valor.includes('{podName}')) {
    throw new Error(`consumerID "${valor}" cambia por pod: KEDA no podría conocer la suscripción`);
  }
  return valor
    .replaceAll('{appID}', sidecar.appId)
    .replaceAll('{namespace}', `${sidecar.namespace}.${sidecar.appId}`);
}

function appIdDe(objetos: ObjetoK8s[], deployment: string): string {
  return plantillaPod(unico(objetos, 'Deployment', deployment)).metadata!.annotations!['dapr.io/app-id']!;
}

describe('consistencia de nombres entre código, Dapr y KEDA', () => {
  it('la copia de topicos.json del chart es idéntica a packages/contratos/topicos.json', () => {
    const { copiaTopicos, topicosFuente } = rutasChart();
    expect(topicosSincronizados(), `ejecuta: npm run sincronizar -w @alpes/despliegue (${copiaTopicos})`).to
      .be.true;
    expect(JSON.parse(fs.readFileSync(copiaTopicos, 'utf8'))).to.deep.equal(
      JSON.parse(fs.readFileSync(topicosFuente, 'utf8')),
    );
  });

  it('los niveles de log que acepta el chart son los del registro (NIVELES_LOG)', () => {
    const esquema = JSON.parse(fs.readFileSync(rutasChart().esquemaValores, 'utf8'));
    expect(esquema.definitions.nivelLog.enum).to.deep.equal([...NIVELES_LOG]);
  });

  for (const archivo of ARCHIVOS_VALORES) {
    describe(`con valores-${archivo}.yaml`, () => {
      let objetos: ObjetoK8s[];
      before(async () => {
        objetos = await render(archivo);
      });

      it('cada servicio lleva como app-id de Dapr el de topicos.json, y el componente pubsub los admite a ambos', () => {
        expect(appIdDe(objetos, NOMBRES.appIds.pagos)).to.equal(NOMBRES.appIds.pagos);
        expect(appIdDe(objetos, NOMBRES.appIds.liquidacion)).to.equal(NOMBRES.appIds.liquidacion);
        const componente = componentePubsub(objetos);
        expect(componente.spec.type).to.equal('pubsub.pulsar');
        expect(componente.scopes).to.have.members([NOMBRES.appIds.pagos, NOMBRES.appIds.liquidacion]);
      });

      it('la suscripción del ScaledObject es el app-id de liquidacion y el consumerID de Pulsar que resuelve su sidecar', () => {
        const { subscription } = senalDe(objetos);
        const appId = appIdDe(objetos, NOMBRES.appIds.liquidacion);
        const consumerID = metadato(objetos, 'consumerID');
        expect(consumerID, 'consumerID explícito en el componente').to.be.a('string');
        const namespace = componentePubsub(objetos).metadata.namespace ?? 'alpes';
        expect(subscription).to.equal(appId).and.to.equal(NOMBRES.appIds.liquidacion);
        expect(resolverParaSidecar(consumerID!, { appId, namespace })).to.equal(subscription);
      });

      it('KEDA mira persistent://<tenant>/<namespace>/pagos-solicitados, los mismos del componente pubsub', () => {
        const { topic } = senalDe(objetos);
        expect(metadato(objetos, 'persistent')).to.equal('true');
        const tenant = metadato(objetos, 'tenant');
        const ns = metadato(objetos, 'namespace');
        expect(topic).to.equal(`persistent://${tenant}/${ns}/${TOPICOS.pagosSolicitados}`);
        expect(topic).to.equal(`persistent://public/default/${TOPICOS.pagosSolicitados}`);
      });

      it('el tópico de mensajes muertos que liquidacion consume (pagosSolicitadosDlq) está en el ScaledObject con su misma suscripción', () => {
        const dlq = triggersLiquidacion(objetos).find((t) =>
          t.metadata.topic?.endsWith(`/${TOPICOS.pagosSolicitadosDlq}`),
        );
        expect(dlq, 'trigger sobre el tópico de mensajes muertos').to.exist;
        expect(dlq!.metadata.topic).to.equal(`persistent://public/default/${TOPICOS.pagosSolicitadosDlq}`);
        expect(dlq!.metadata.subscription).to.equal(NOMBRES.appIds.liquidacion);
        expect(TOPICOS.pagosSolicitadosDlq).to.not.equal(TOPICOS.pagosSolicitados);
      });

      it('el tópico de mensajes muertos de la suscripción de liquidacion es uno que liquidacion lee, y KEDA mira ambos', () => {
        // liquidacion subscribes to exactly this pair: its servicio.test.ts asserts its subscriptions
        // against the same contract (TOPICOS), so the chart is checked against the contract here
        const principal = { topico: TOPICOS.pagosSolicitados, topicoDeadLetter: TOPICOS.pagosSolicitadosDlq };
        const observados = triggersLiquidacion(objetos).map((t) => t.metadata.topic);
        for (const topico of [principal.topico, principal.topicoDeadLetter]) {
          expect(observados).to.include(`persistent://public/default/${topico}`);
        }
      });

      it('la Resiliency apunta al componente pubsub en uso, con reintentos de entrada acotados y backoff exponencial', () => {
        const resiliencia = unico(objetos, 'Resiliency') as ObjetoK8s & {
          spec: {
            policies: { retries: Record<string, { policy: string; maxRetries: number }> };
            targets: { components: Record<string, { inbound?: { retry?: string } }> };
          };
          scopes: string[];
        };
        const nombreComponente = componentePubsub(objetos).metadata.name;
        expect(Object.keys(resiliencia.spec.targets.components)).to.deep.equal([nombreComponente]);
        const politica = resiliencia.spec.targets.components[nombreComponente]!.inbound!.retry!;
        const reintento = resiliencia.spec.policies.retries[politica];
        expect(reintento, `la política ${politica} existe`).to.exist;
        expect(reintento!.policy).to.equal('exponential');
        expect(reintento!.maxRetries).to.be.within(1, 50);
        expect(resiliencia.scopes).to.include(NOMBRES.appIds.liquidacion);
      });

      it('ScaledObject escala el Deployment de liquidacion, que no fija réplicas y no tiene otro HPA', () => {
        const escalado = unico(objetos, 'ScaledObject') as ObjetoK8s & {
          spec: { scaleTargetRef: { name: string; kind: string } };
        };
        expect(escalado.spec.scaleTargetRef).to.include({
          kind: 'Deployment',
          name: NOMBRES.appIds.liquidacion,
        });
        const deployment = unico(objetos, 'Deployment', NOMBRES.appIds.liquidacion);
        expect(deployment.spec as object).to.not.have.property('replicas');
        const hpas = todos(objetos, 'HorizontalPodAutoscaler').filter(
          (h) =>
            (h.spec as { scaleTargetRef: { name: string } }).scaleTargetRef.name ===
            NOMBRES.appIds.liquidacion,
        );
        expect(hpas).to.be.empty;
      });

      it('Dapr llama al AppCallback (PUERTO_APP_CALLBACK); el gRPC del contenedor es PUERTO_GRPC y el de las sondas', () => {
        for (const servicio of [NOMBRES.appIds.pagos, NOMBRES.appIds.liquidacion]) {
          const pod = plantillaPod(unico(objetos, 'Deployment', servicio));
          const anotaciones = pod.metadata!.annotations!;
          const c = pod.spec.containers[0]!;
          const grpc = c.ports!.find((p) => p.name === 'grpc')!.containerPort;
          expect(anotaciones['dapr.io/app-port']).to.equal(env(c, 'PUERTO_APP_CALLBACK')!.value);
          expect(anotaciones['dapr.io/app-port']).to.not.equal(String(grpc));
          expect(anotaciones['dapr.io/app-protocol']).to.equal('grpc');
          expect(env(c, 'PUERTO_GRPC')!.value).to.equal(String(grpc));
          expect(c.readinessProbe!.grpc!.port).to.equal(puertoSondas(c));
          expect(c.livenessProbe!.grpc!.port).to.equal(puertoSondas(c));
          expect(anotaciones['dapr.io/config']).to.equal(unico(objetos, 'Configuration').metadata.name);
        }
      });

      it('la Configuration de Dapr activa métricas y trazas', () => {
        const spec = unico(objetos, 'Configuration').spec as {
          metric: { enabled: boolean };
          tracing: { samplingRate: string };
        };
        expect(spec.metric.enabled).to.be.true;
        expect(Number(spec.tracing.samplingRate)).to.be.greaterThan(0);
      });

      it('cada Job de migración usa la imagen de su servicio, su entrada migrar.js y la URL del rol de migración', () => {
        for (const servicio of ['pagos', 'liquidacion'] as const) {
          const appId = NOMBRES.appIds[servicio];
          const job = unico(objetos, 'Job', `${appId}-migracion`);
          expect(job.metadata.annotations!['helm.sh/hook']).to.match(/install/);
          const migrar = plantillaPod(job).spec.containers[0]!;
          const app = plantillaPod(unico(objetos, 'Deployment', appId)).spec.containers[0]!;
          expect(migrar.image).to.equal(app.image);
          expect(migrar.args).to.deep.equal([`services/${servicio}/dist/src/migrar.js`]);
          const claveMigracion = env(migrar, 'URL_BASE_DATOS_MIGRACION')!.valueFrom!.secretKeyRef!;
          const claveServicio = env(app, 'URL_BASE_DATOS')!.valueFrom!.secretKeyRef!;
          expect(claveMigracion.name).to.equal(claveServicio.name);
          expect(claveMigracion.key, 'otro rol, otra clave').to.not.equal(claveServicio.key);
          expect(env(migrar, 'URL_BASE_DATOS'), 'el Job no recibe el rol del servicio').to.be.undefined;
          // a pod that migrates at start gets the Job's URL; one that does not, never
          const migraAlIniciar = env(app, 'MIGRAR_AL_INICIAR')!.value === 'true';
          expect(env(app, 'URL_BASE_DATOS_MIGRACION')?.valueFrom?.secretKeyRef).to.deep.equal(
            migraAlIniciar ? claveMigracion : undefined,
          );
          expect(plantillaPod(job).metadata?.annotations?.['dapr.io/enabled']).to.be.undefined;
        }
      });

      it('cada servicio recibe las variables de entorno que su configuración lee', () => {
        for (const servicio of [NOMBRES.appIds.pagos, NOMBRES.appIds.liquidacion]) {
          const c = plantillaPod(unico(objetos, 'Deployment', servicio)).spec.containers[0]!;
          const nombres = c.env!.map((e) => e.name);
          // the code binds 127.0.0.1 unless told otherwise: in a pod the probes come to the pod's address
          expect(env(c, 'HOST_ESCUCHA')?.value, `${servicio}: HOST_ESCUCHA`).to.equal('0.0.0.0');
          expect(nombres).to.include.members([
            'PUERTO_GRPC',
            'PUERTO_METRICAS',
            'NIVEL_LOG',
            'URL_BASE_DATOS',
          ]);
          expect(env(c, 'PUERTO_METRICAS')!.value).to.equal(
            String(c.ports!.find((p) => p.name === 'metricas')!.containerPort),
          );
          expect(env(c, 'MIGRAR_AL_INICIAR')!.value).to.be.oneOf(['true', 'false']);
        }
        const liquidacion = plantillaPod(unico(objetos, 'Deployment', NOMBRES.appIds.liquidacion)).spec
          .containers[0]!;
        expect(env(liquidacion, 'URL_PASARELA')!.value).to.match(/^https?:\/\//);
      });
    });
  }

  it('el componente pubsub del chart tiene los mismos ajustes que components/pubsub.yaml del entorno local', async () => {
    // the broker address differs by nature, and prod's external broker is reached over TLS;
    // everything else (subscription naming, batching, topic scopes, ...) must not
    const local = parse(
      fs.readFileSync(path.join(raizRepositorio(), 'components', 'pubsub.yaml'), 'utf8'),
    ) as {
      metadata: { name: string };
      spec: { type: string; metadata: { name: string; value: string }[] };
    };
    for (const archivo of ARCHIVOS_VALORES) {
      const objetos = await render(archivo);
      const chart = componentePubsub(objetos);
      expect(chart.metadata.name).to.equal(local.metadata.name);
      expect(chart.spec.type).to.equal(local.spec.type);
      const propios = archivo === 'prod' ? ['host', 'enableTLS'] : ['host'];
      for (const { name, value } of local.spec.metadata.filter((m) => !propios.includes(m.name))) {
        expect(metadato(objetos, name), `${archivo}: ${name}`).to.equal(String(value));
      }
    }
  });

  it('en dev KEDA y Dapr apuntan al Pulsar del clúster por su nombre completo y sus puertos', async () => {
    const objetos = await render('dev');
    const pulsar = unico(objetos, 'Service', 'pulsar').spec as { ports: { name: string; port: number }[] };
    const puerto = (n: string) => pulsar.ports.find((p) => p.name === n)!.port;
    expect(senalDe(objetos).adminURL).to.equal(`http://pulsar.alpes.svc.cluster.local:${puerto('admin')}`);
    expect(metadato(objetos, 'host')).to.equal(`pulsar.alpes.svc.cluster.local:${puerto('pulsar')}`);
    // the broker must advertise that same name, or clients are redirected to its pod hostname; its
    // bookie advertises 127.0.0.1, an identity that survives the pod (its IP does not)
    const contenedor = plantillaPod(unico(objetos, 'StatefulSet', 'pulsar')).spec.containers[0]! as {
      command?: string[];
      env?: { name: string; value?: string }[];
    };
    const guion = contenedor.command!.at(-1)!;
    const variable = (n: string) => contenedor.env?.find((e) => e.name === n)?.value;
    expect(guion).to.match(
      /^bin\/apply-config-from-env\.py conf\/standalone\.conf && exec bin\/pulsar standalone /,
    );
    expect(guion).to.include('--advertised-address "$DIRECCION_ANUNCIADA"');
    expect(variable('DIRECCION_ANUNCIADA')).to.equal('pulsar.alpes.svc.cluster.local');
    expect(variable('advertisedAddress')).to.equal('127.0.0.1');
  });

  it('senalEscaladoLiquidacion devuelve el tópico, la suscripción, la URL de administración y si el tópico está particionado', async () => {
    const senal = await senalEscaladoLiquidacion();
    expect(senal).to.deep.equal({
      topic: `persistent://public/default/${TOPICOS.pagosSolicitados}`,
      subscription: NOMBRES.appIds.liquidacion,
      adminURL: 'http://pulsar.alpes.svc.cluster.local:8080',
      particionado: false,
    });
  });
});
