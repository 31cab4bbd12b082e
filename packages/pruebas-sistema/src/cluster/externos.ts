// The "externals" of the prod-like cluster test: a Pulsar and a Postgres outside the release, in their
// own namespace, reached only as a user's managed ones would be, through the Secrets the release
// reads and the NetworkPolicy peers its values name (valores-produccion-local.yaml).
// - Pulsar (the apachepulsar/pulsar stand-in every node holds): TLS only, brokerServicePortTls 6651
//   and webServicePortTls 8443 with a certificate for its Service name signed by a throwaway CA,
//   plaintext ports off, token authentication; configured from the environment with the image's
//   bin/apply-config-from-env.py, as the official image is.
// - Postgres (the postgres stand-in): the two databases, each with its migration (DDL) and service
//   (DML) role and the grants of seedwork's sqlPermisosRoles, as the chart's dev Postgres makes them.
import { randomBytes } from 'node:crypto';
import { sqlPermisosRoles } from '@alpes/seedwork';
import { crearAutoridadDePrueba, type AutoridadDePrueba, type ParPem } from './pki-de-prueba';
import { crearFirmaTokensPulsar } from './tokens-pulsar';

export const NAMESPACE_EXTERNOS = 'alpes-externos';
export const HOST_PULSAR = `pulsar.${NAMESPACE_EXTERNOS}.svc.cluster.local`;
export const HOST_POSTGRES = `postgres.${NAMESPACE_EXTERNOS}.svc.cluster.local`;
export const URL_ADMIN_PULSAR = `https://${HOST_PULSAR}:8443`;
/** Label of everything the test creates in the release's namespace, to remove it afterwards. */
export const ETIQUETA_PRUEBA = 'alpes.io/prueba=valores-produccion';

const IMAGEN_PULSAR = 'apachepulsar/pulsar:4.0.7';
const IMAGEN_POSTGRES = 'postgres:17-alpine';
const SERVICIOS = ['pagos', 'liquidacion'] as const;
/** The broker's own client (namespace creation, topic policies, health check) and the release's role. */
const ROL_BROKER = 'alpes-broker';
const ROL_RELEASE = 'alpes-pagos';

/** Names the release's values give the Secrets it reads (read from the overlay by the test). */
export interface SecretosRelease {
  namespace: string;
  pulsar: { nombre: string; claveHost: string; claveToken: string };
  caPulsar: { nombre: string; clave: string };
  baseDatos: { nombre: string; claves: Record<string, string>; clavesMigracion: Record<string, string> };
  apiTls: string;
  tokensDapr: { app: string; api: string };
}

export interface Externos {
  /** PEM of the CA that signed Pulsar's and the APIs' certificates (the clients trust it). */
  ca: string;
  /** Token of the broker's superuser role, for admin calls made from inside its pod. */
  tokenAdmin: string;
  /** kubectl apply list: the namespace, Pulsar and Postgres. */
  manifiestoExternos: object;
  /** kubectl apply list: the Secrets the release reads, in its namespace. */
  manifiestoRelease: object;
  eliminar(): void;
}

type Objeto = Record<string, unknown>;

const etiquetas = (nombre: string) => ({
  'app.kubernetes.io/name': nombre,
  'app.kubernetes.io/part-of': 'alpes-externos',
});
const clave = () => randomBytes(24).toString('hex');

function secreto(nombre: string, namespace: string, datos: Record<string, string>, tipo = 'Opaque'): Objeto {
  const [k, v] = ETIQUETA_PRUEBA.split('=') as [string, string];
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    type: tipo,
    metadata: { name: nombre, namespace, labels: { [k]: v } },
    stringData: datos,
  };
}

function servicio(nombre: string, puertos: { name: string; port: number }[], extra: Objeto = {}): Objeto {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: nombre, namespace: NAMESPACE_EXTERNOS, labels: etiquetas(nombre) },
    spec: {
      selector: etiquetas(nombre),
      ports: puertos.map((p) => ({ ...p, targetPort: p.name })),
      ...extra,
    },
  };
}

function statefulSet(nombre: string, pod: Objeto): Objeto {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: nombre, namespace: NAMESPACE_EXTERNOS, labels: etiquetas(nombre) },
    spec: {
      serviceName: nombre,
      replicas: 1,
      selector: { matchLabels: etiquetas(nombre) },
      template: {
        metadata: { labels: etiquetas(nombre) },
        spec: { automountServiceAccountToken: false, ...pod },
      },
    },
  };
}

function pulsar(tls: ParPem, ca: string, clavePublica: string, tokenAdmin: string): Objeto[] {
  const v = (name: string, value: string) => ({ name, value });
  const conf = {
    // plaintext off: only the TLS ports listen
    brokerServicePort: '',
    webServicePort: '',
    brokerServicePortTls: '6651',
    webServicePortTls: '8443',
    tlsCertificateFilePath: '/pulsar/tls/tls.crt',
    tlsKeyFilePath: '/pulsar/tls/tls.key',
    tlsTrustCertsFilePath: '/pulsar/tls/ca.crt',
    // the broker calls itself through its Service name, over TLS too
    brokerClientTlsEnabled: 'true',
    brokerClientTrustCertsFilePath: '/pulsar/tls/ca.crt',
    authenticationEnabled: 'true',
    authenticationProviders: 'org.apache.pulsar.broker.authentication.AuthenticationProviderToken',
    tokenPublicKey: clavePublica,
    superUserRoles: ROL_BROKER,
    brokerClientAuthenticationPlugin: 'org.apache.pulsar.client.impl.auth.AuthenticationToken',
    webSocketServiceEnabled: 'false',
  };
  const sonda = {
    httpGet: {
      scheme: 'HTTPS',
      port: 'admin-tls',
      path: '/admin/v2/brokers/health',
      httpHeaders: [{ name: 'Authorization', value: `Bearer ${tokenAdmin}` }],
    },
  };
  return [
    secreto('pulsar-tls', NAMESPACE_EXTERNOS, {
      'tls.crt': tls.certificado,
      'tls.key': tls.clave,
      'ca.crt': ca,
    }),
    secreto('pulsar-broker', NAMESPACE_EXTERNOS, { 'parametros-cliente': `token:${tokenAdmin}` }),
    statefulSet('pulsar', {
      securityContext: {
        runAsNonRoot: true,
        runAsUser: 10000,
        runAsGroup: 0,
        fsGroup: 0,
        seccompProfile: { type: 'RuntimeDefault' },
      },
      containers: [
        {
          name: 'pulsar',
          image: IMAGEN_PULSAR,
          imagePullPolicy: 'IfNotPresent',
          command: [
            'sh',
            '-c',
            `bin/apply-config-from-env.py conf/standalone.conf && exec bin/pulsar standalone --no-functions-worker --no-stream-storage --advertised-address ${HOST_PULSAR}`,
          ],
          env: [
            v('PULSAR_MEM', '-Xms256m -Xmx512m -XX:MaxDirectMemorySize=256m'),
            ...Object.entries(conf).map(([k, valor]) => v(`PULSAR_PREFIX_${k}`, valor)),
            {
              name: 'PULSAR_PREFIX_brokerClientAuthenticationParameters',
              valueFrom: { secretKeyRef: { name: 'pulsar-broker', key: 'parametros-cliente' } },
            },
          ],
          ports: [
            { name: 'pulsar-tls', containerPort: 6651 },
            { name: 'admin-tls', containerPort: 8443 },
          ],
          startupProbe: { ...sonda, periodSeconds: 5, failureThreshold: 90, timeoutSeconds: 5 },
          readinessProbe: { ...sonda, periodSeconds: 10, timeoutSeconds: 5 },
          resources: { requests: { cpu: '250m', memory: '1Gi' }, limits: { memory: '1536Mi' } },
          securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
          volumeMounts: [
            { name: 'tls', mountPath: '/pulsar/tls', readOnly: true },
            { name: 'datos', mountPath: '/pulsar/data' },
          ],
        },
      ],
      volumes: [
        { name: 'tls', secret: { secretName: 'pulsar-tls' } },
        { name: 'datos', emptyDir: {} },
      ],
    }),
    // the broker advertises this name and calls itself through it while starting, before it is Ready
    servicio(
      'pulsar',
      [
        { name: 'pulsar-tls', port: 6651 },
        { name: 'admin-tls', port: 8443 },
      ],
      { publishNotReadyAddresses: true },
    ),
  ];
}

interface RolesDe {
  migracion: { rol: string; clave: string };
  servicio: { rol: string; clave: string };
}

function guionInicio(roles: Record<string, RolesDe>): string {
  return Object.entries(roles)
    .flatMap(([base, r]) => [
      `CREATE DATABASE "${base}";`,
      `CREATE ROLE "${r.migracion.rol}" LOGIN PASSWORD '${r.migracion.clave}';`,
      `CREATE ROLE "${r.servicio.rol}" LOGIN PASSWORD '${r.servicio.clave}';`,
      `\\connect ${base}`,
      ...sqlPermisosRoles({ base, ...r }).map((s) => `${s};`),
      '\\connect postgres',
    ])
    .join('\n');
}

function postgres(roles: Record<string, RolesDe>, maxConnections: number): Objeto[] {
  return [
    secreto('postgres-inicio', NAMESPACE_EXTERNOS, { '01-bases.sql': `${guionInicio(roles)}\n` }),
    secreto('postgres-superusuario', NAMESPACE_EXTERNOS, { clave: clave() }),
    statefulSet('postgres', {
      securityContext: {
        runAsNonRoot: true,
        runAsUser: 70,
        runAsGroup: 70,
        fsGroup: 70,
        seccompProfile: { type: 'RuntimeDefault' },
      },
      containers: [
        {
          name: 'postgres',
          image: IMAGEN_POSTGRES,
          imagePullPolicy: 'IfNotPresent',
          args: ['-c', `max_connections=${maxConnections}`],
          env: [
            { name: 'POSTGRES_USER', value: 'postgres' },
            {
              name: 'POSTGRES_PASSWORD',
              valueFrom: { secretKeyRef: { name: 'postgres-superusuario', key: 'clave' } },
            },
            { name: 'PGDATA', value: '/var/lib/postgresql/data/pgdata' },
          ],
          ports: [{ name: 'postgres', containerPort: 5432 }],
          readinessProbe: {
            exec: { command: ['pg_isready', '-U', 'postgres', '-h', '127.0.0.1'] },
            periodSeconds: 5,
          },
          resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '512Mi' } },
          securityContext: {
            allowPrivilegeEscalation: false,
            readOnlyRootFilesystem: true,
            capabilities: { drop: ['ALL'] },
          },
          volumeMounts: [
            { name: 'datos', mountPath: '/var/lib/postgresql/data' },
            { name: 'socket', mountPath: '/var/run/postgresql' },
            { name: 'tmp', mountPath: '/tmp' },
            { name: 'inicio', mountPath: '/docker-entrypoint-initdb.d' },
          ],
        },
      ],
      volumes: [
        { name: 'datos', emptyDir: {} },
        { name: 'socket', emptyDir: {} },
        { name: 'tmp', emptyDir: {} },
        { name: 'inicio', secret: { secretName: 'postgres-inicio' } },
      ],
    }),
    servicio('postgres', [{ name: 'postgres', port: 5432 }]),
  ];
}

/** Certificates, tokens, passwords and both manifests; nothing is applied here. */
export function prepararExternos(r: SecretosRelease, o: { maxConnectionsPostgres: number }): Externos {
  const autoridad: AutoridadDePrueba = crearAutoridadDePrueba();
  const firma = crearFirmaTokensPulsar();
  const tokenAdmin = firma.emitir(ROL_BROKER);
  const dnsDe = (nombre: string, ns: string) => [
    nombre,
    `${nombre}.${ns}`,
    `${nombre}.${ns}.svc`,
    `${nombre}.${ns}.svc.cluster.local`,
  ];
  const tlsPulsar = autoridad.emitir(dnsDe('pulsar', NAMESPACE_EXTERNOS));
  const tlsApi = autoridad.emitir([...dnsDe('pagos', r.namespace), ...dnsDe('liquidacion', r.namespace)]);

  const roles: Record<string, RolesDe> = Object.fromEntries(
    SERVICIOS.map((s) => [
      s,
      {
        migracion: { rol: `${s}_migracion`, clave: clave() },
        servicio: { rol: `${s}_servicio`, clave: clave() },
      },
    ]),
  );
  const url = (base: string, rol: { rol: string; clave: string }) =>
    `postgres://${rol.rol}:${rol.clave}@${HOST_POSTGRES}:5432/${base}`;
  const urls: Record<string, string> = {};
  for (const s of SERVICIOS) {
    urls[r.baseDatos.claves[s]!] = url(s, roles[s]!.servicio);
    urls[r.baseDatos.clavesMigracion[s]!] = url(s, roles[s]!.migracion);
  }

  const ns = r.namespace;
  return {
    ca: autoridad.certificado,
    tokenAdmin,
    manifiestoExternos: {
      apiVersion: 'v1',
      kind: 'List',
      items: [
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NAMESPACE_EXTERNOS } },
        ...pulsar(tlsPulsar, autoridad.certificado, firma.clavePublica, tokenAdmin),
        ...postgres(roles, o.maxConnectionsPostgres),
      ],
    },
    manifiestoRelease: {
      apiVersion: 'v1',
      kind: 'List',
      items: [
        secreto(r.pulsar.nombre, ns, {
          [r.pulsar.claveHost]: `pulsar+ssl://${HOST_PULSAR}:6651`,
          [r.pulsar.claveToken]: firma.emitir(ROL_RELEASE),
        }),
        secreto(r.caPulsar.nombre, ns, { [r.caPulsar.clave]: autoridad.certificado }),
        secreto(r.baseDatos.nombre, ns, urls),
        secreto(
          r.apiTls,
          ns,
          { 'tls.crt': tlsApi.certificado, 'tls.key': tlsApi.clave },
          'kubernetes.io/tls',
        ),
        secreto(r.tokensDapr.app, ns, { token: clave() }),
        secreto(r.tokensDapr.api, ns, { token: clave() }),
      ],
    },
    eliminar: () => autoridad.eliminar(),
  };
}
