import { expect } from 'chai';
import * as grpc from '@grpc/grpc-js';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { asegurarHerramientas, CONTEXTO, desplegar, ejecutar } from '@alpes/cluster';
import { liquidacion, NOMBRES, pagos } from '@alpes/contratos';
import { DIR_CREDENCIAL_CLUSTER, esperarHasta, RAIZ_REPO } from '@alpes/entorno';
import { conCredencial, proveedorTokenLocal } from '@alpes/seedwork';
import { llamar, NAMESPACE, sistemaEnCluster, type SistemaEnCluster } from '../../src';
import {
  ETIQUETA_PRUEBA,
  NAMESPACE_EXTERNOS,
  prepararExternos,
  URL_ADMIN_PULSAR,
  type Externos,
  type SecretosRelease,
} from '../../src/cluster/externos';
import { reenviar, type Reenvio } from '../../src/cluster/reenvio';
import { FlujoEnCluster } from './flujo-en-cluster';

// The prod-like values path (issue #8): charts/alpes-pagos/valores-prod.yaml as it is, plus an overlay
// that points it at "externals" outside the release (src/cluster/externos.ts): a Pulsar speaking TLS
// only, with token authentication and a certificate from the test's private CA (pulsar.ca), and a
// Postgres with the two roles, in the namespace alpes-externos, reached through Secrets and
// NetworkPolicy peers. The APIs speak TLS (api.tls) with a certificate from the same CA; the clients
// trust it. Then the flow of 2-flujo: a payment PAGADO, a rejection RECHAZADO, one transfer each.
// `after` puts skaffold's dev values back.

const VALORES_PROD = path.join(RAIZ_REPO, 'charts', 'alpes-pagos', 'valores-prod.yaml');
const OVERLAY = path.join(__dirname, '..', '..', '..', 'test', 'cluster', 'valores-produccion-local.yaml');

type Arbol = Record<string, unknown>;

/** A value of the prod values with the overlay on top (dotted path), as helm merges them. */
function valorDe(ruta: string): unknown {
  const leer = (archivo: string) => parse(fs.readFileSync(archivo, 'utf8')) as Arbol;
  const buscar = (raiz: Arbol) =>
    ruta
      .split('.')
      .reduce<unknown>((n, k) => (n && typeof n === 'object' ? (n as Arbol)[k] : undefined), raiz);
  return buscar(leer(OVERLAY)) ?? buscar(leer(VALORES_PROD));
}
const texto = (ruta: string) => {
  const v = valorDe(ruta);
  if (typeof v !== 'string' || !v) throw new Error(`${ruta} falta en los valores de producción o su overlay`);
  return v;
};

/** The Secrets the release reads, named as its values name them. */
function secretosDeLosValores(): SecretosRelease {
  if (texto('pulsar.token.secreto') !== texto('pulsar.secretoHost.nombre'))
    throw new Error('el overlay debe leer el host y el token de Pulsar del mismo Secret');
  const porServicio = (ruta: string) => ({
    pagos: texto(`${ruta}.pagos`),
    liquidacion: texto(`${ruta}.liquidacion`),
  });
  return {
    namespace: NAMESPACE,
    pulsar: {
      nombre: texto('pulsar.secretoHost.nombre'),
      claveHost: texto('pulsar.secretoHost.clave'),
      claveToken: texto('pulsar.token.clave'),
    },
    caPulsar: { nombre: texto('pulsar.ca.secreto'), clave: texto('pulsar.ca.clave') },
    baseDatos: {
      nombre: texto('baseDatos.secreto.nombre'),
      claves: porServicio('baseDatos.secreto.claves'),
      clavesMigracion: porServicio('baseDatos.secreto.clavesMigracion'),
    },
    apiTls: texto('api.tls.secreto'),
    tokensDapr: { app: texto('dapr.tokens.secretoApp'), api: texto('dapr.tokens.secretoApi') },
  };
}

interface Contenedor {
  name: string;
  env?: { name: string; value?: string }[];
  volumeMounts?: { name: string; mountPath: string }[];
}
interface Pod {
  metadata: { name: string; labels?: Record<string, string>; deletionTimestamp?: string };
  spec: { containers: Contenedor[] };
}

describe('valores de producción contra un Pulsar TLS y un Postgres externos (cluster)', function () {
  this.timeout(900_000);
  let s: SistemaEnCluster;
  let externos: Externos | undefined;
  let kubectl: string[];
  let clientePagos: pagos.PagosServiceClient;
  let clienteLiquidacion: liquidacion.LiquidacionServiceClient;
  let flujo: FlujoEnCluster;
  const reenvios: Reenvio[] = [];

  /** kubectl with the cluster's context and no namespace (the manifests name theirs). */
  const k = (args: string[], entrada?: string) =>
    ejecutar(kubectl[0]!, [...kubectl.slice(1), ...args], { entrada });
  const aplicar = (lista: object) => k(['apply', '-f', '-'], JSON.stringify(lista));
  /** An admin call to the external broker from inside its pod, over its TLS port and with a token. */
  const adminPulsar = async (ruta: string) =>
    JSON.parse(
      await k([
        'exec',
        '-n',
        NAMESPACE_EXTERNOS,
        'pulsar-0',
        '--',
        'curl',
        '-sSf',
        '--cacert',
        '/pulsar/tls/ca.crt',
        '-H',
        `Authorization: Bearer ${externos!.tokenAdmin}`,
        `${URL_ADMIN_PULSAR}${ruta}`,
      ]),
    ) as Arbol;

  /** An API answers over TLS with the credential: NOT_FOUND for an unknown id is an answer. */
  const responde = (llamada: Promise<unknown>) =>
    llamada.then(
      () => true,
      (e: grpc.ServiceError) => e.code === grpc.status.NOT_FOUND,
    );

  async function pods(app: string, espacio = NAMESPACE): Promise<Pod[]> {
    const salida = await k([
      'get',
      'pods',
      '-n',
      espacio,
      '-l',
      `app.kubernetes.io/name=${app}`,
      '-o',
      'json',
    ]);
    return (JSON.parse(salida) as { items: Pod[] }).items;
  }

  before(async function () {
    this.timeout(2_400_000); // `cluster up` + `deploy` when this suite runs first
    s = await sistemaEnCluster();
    kubectl = [(await asegurarHerramientas()).kubectl, '--context', CONTEXTO];
    const maxConnections = valorDe('baseDatos.maxConnections');
    externos = prepararExternos(secretosDeLosValores(), { maxConnectionsPostgres: Number(maxConnections) });

    // a previous run's externals (certificates and passwords of another CA) go first
    await k([
      'delete',
      'namespace',
      NAMESPACE_EXTERNOS,
      '--ignore-not-found',
      '--wait=true',
      '--timeout=300s',
    ]);
    await aplicar(externos.manifiestoExternos);
    await aplicar(externos.manifiestoRelease);
    for (const sts of ['postgres', 'pulsar']) {
      await k(['rollout', 'status', '-n', NAMESPACE_EXTERNOS, `statefulset/${sts}`, '--timeout=600s']);
    }

    await desplegar({ reenviar: false, valores: [VALORES_PROD, OVERLAY] });

    // TLS clients that trust the test's CA; the certificate names the Services, not 127.0.0.1
    const clientes = async (servicio: string, puerto: number) => {
      const r = await reenviar(s.kubectl, `svc/${servicio}`, puerto);
      reenvios.push(r);
      const nombre = `${servicio}.${NAMESPACE}.svc`;
      return {
        direccion: `127.0.0.1:${r.puerto}`,
        opciones: conCredencial(proveedorTokenLocal({ dir: DIR_CREDENCIAL_CLUSTER, env: {} }), {
          'grpc.ssl_target_name_override': nombre,
          'grpc.default_authority': nombre,
        }),
      };
    };
    const tls = grpc.credentials.createSsl(Buffer.from(externos.ca));
    const p = await clientes(NOMBRES.appIds.pagos, 50051);
    const l = await clientes(NOMBRES.appIds.liquidacion, 50052);
    clientePagos = new pagos.PagosServiceClient(p.direccion, tls, p.opciones);
    clienteLiquidacion = new liquidacion.LiquidacionServiceClient(l.direccion, tls, l.opciones);
    flujo = new FlujoEnCluster(
      { pagos: clientePagos, liquidacion: clienteLiquidacion, pasarela: s.pasarela },
      { etiqueta: 'produccion', unidadesMenores: 310_000n, plazoMs: 120_000, intervaloMs: 500 },
    );
    await esperarHasta(
      'pagos and liquidacion answering over TLS through their port-forwards',
      async () =>
        (await responde(llamar(clientePagos, clientePagos.obtenerPago, { idPago: randomUUID() }, 3000))) &&
        (await responde(
          llamar(clienteLiquidacion, clienteLiquidacion.obtenerLiquidacion, { idPago: randomUUID() }, 3000),
        )),
      300_000,
      2000,
    );
    await esperarHasta(
      'the PSP stand-in answering through its port-forward',
      () =>
        s.pasarela.estado().then(
          () => true,
          () => false,
        ),
      120_000,
      1000,
    );
  });

  beforeEach(async () => {
    await s.pasarela.reiniciar();
  });

  after(async function () {
    this.timeout(1_200_000);
    clientePagos?.close();
    clienteLiquidacion?.close();
    for (const r of reenvios) r.cerrar();
    if (s) {
      // the dev Pulsar comes back on the volume it left (its bookie's identity survives the pod)
      await desplegar({ reenviar: false });
      await s.esperarApis();
      await k(['rollout', 'status', '-n', NAMESPACE, 'statefulset/pulsar', '--timeout=600s']);
      await k(['delete', 'secret', '-n', NAMESPACE, '-l', ETIQUETA_PRUEBA, '--ignore-not-found']);
      await k(['delete', 'namespace', NAMESPACE_EXTERNOS, '--ignore-not-found', '--wait=false']);
    }
    externos?.eliminar();
  });

  it('la release no trae Pulsar ni Postgres, sus sidecars confían en la CA del broker y las NetworkPolicies están puestas', async () => {
    const manifiesto = await s.helm('get', 'manifest', 'alpes');
    expect(manifiesto).to.not.match(/^kind: StatefulSet$/m);
    await esperarHasta(
      'the dev Pulsar and Postgres pods gone from the release namespace',
      async () => (await pods('pulsar')).length + (await pods('postgres')).length === 0,
      300_000,
      2000,
    );
    // the Component names the external broker through the Secret, TLS on
    const componente = JSON.parse(
      await k(['get', 'components.dapr.io', '-n', NAMESPACE, NOMBRES.componentePubsub, '-o', 'json']),
    ) as { spec: { metadata: { name: string; value?: string; secretKeyRef?: { name: string } }[] } };
    const m = (n: string) => componente.spec.metadata.find((x) => x.name === n);
    expect(m('host')?.secretKeyRef?.name).to.equal(texto('pulsar.secretoHost.nombre'));
    expect(m('enableTLS')?.value).to.equal('true');
    // Dapr's injector applied the chart's annotations: daprd has the CA and SSL_CERT_DIR
    for (const app of [NOMBRES.appIds.pagos, NOMBRES.appIds.liquidacion]) {
      const vivos = (await pods(app)).filter((p) => !p.metadata.deletionTimestamp);
      expect(vivos, app).to.not.be.empty;
      for (const pod of vivos) {
        const daprd = pod.spec.containers.find((c) => c.name === 'daprd');
        expect(daprd, `${pod.metadata.name} has daprd`).to.exist;
        const dir = daprd!.env?.find((e) => e.name === 'SSL_CERT_DIR')?.value;
        expect(dir, pod.metadata.name).to.be.a('string');
        expect(daprd!.volumeMounts?.find((v) => v.name === 'pulsar-ca')?.mountPath).to.equal(dir);
      }
    }
    const politicas = (
      JSON.parse(await k(['get', 'networkpolicies', '-n', NAMESPACE, '-o', 'json'])) as {
        items: {
          metadata: { name: string };
          spec: { egress?: { to?: Arbol[]; ports?: { port: number }[] }[] };
        }[];
      }
    ).items;
    expect(politicas.map((p) => p.metadata.name)).to.include.members([
      'alpes-denegar-entrada',
      `${NOMBRES.appIds.pagos}-entrada`,
      `${NOMBRES.appIds.liquidacion}-entrada`,
      `${NOMBRES.appIds.pagos}-salida`,
      `${NOMBRES.appIds.liquidacion}-salida`,
    ]);
    const salida = politicas.find((p) => p.metadata.name === `${NOMBRES.appIds.liquidacion}-salida`)!;
    const haciaExternos = (salida.spec.egress ?? []).filter((r) =>
      JSON.stringify(r.to ?? []).includes(NAMESPACE_EXTERNOS),
    );
    expect(haciaExternos.flatMap((r) => (r.ports ?? []).map((p) => p.port)).sort()).to.deep.equal([
      5432, 6651,
    ]);
  });

  it('un pago termina PAGADO con una sola transferencia y su liquidacion EXITOSA, a través del broker externo', async () => {
    await flujo.pagadoConUnaTransferencia();
    // the event went through the external broker: liquidacion's subscription is there, drained
    // (values.yaml's tenant and namespace, which neither values file changes)
    const stats = await adminPulsar(
      `/admin/v2/persistent/public/default/${NOMBRES.topicos.pagosSolicitados}/stats`,
    );
    expect(Number(stats.msgInCounter)).to.be.greaterThan(0);
    expect(stats.subscriptions).to.have.property(NOMBRES.appIds.liquidacion);
  });

  it('un rechazo permanente termina RECHAZADO con una sola llamada y ninguna transferencia', async () => {
    await flujo.rechazadoSinTransferencia();
  });

  it('KEDA lee el backlog de la API de administración https del broker externo, con su CA y su token', async () => {
    interface Escalado {
      spec: { triggers: { metadata: Record<string, string> }[] };
      status?: { conditions?: { type: string; status: string; reason?: string; message?: string }[] };
    }
    const leer = async () =>
      JSON.parse(
        await k(['get', 'scaledobject', '-n', NAMESPACE, NOMBRES.appIds.liquidacion, '-o', 'json']),
      ) as Escalado;
    expect((await leer()).spec.triggers.map((t) => t.metadata.adminURL)).to.deep.equal([
      URL_ADMIN_PULSAR,
      URL_ADMIN_PULSAR,
    ]);
    // Ready is True only while every trigger reads its stats: https verified against the CA, token accepted
    let condicion = '-';
    await esperarHasta(
      `the ScaledObject Ready, its triggers reading ${URL_ADMIN_PULSAR}`,
      async () => {
        const listo = (await leer()).status?.conditions?.find((c) => c.type === 'Ready');
        condicion = listo ? `${listo.status} ${listo.reason ?? ''}: ${listo.message ?? ''}` : '-';
        return listo?.status === 'True';
      },
      180_000,
      3000,
    ).catch((e: Error) => {
      throw new Error(`${e.message}; last Ready condition: ${condicion}`);
    });
  });
});
