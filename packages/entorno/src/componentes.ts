import * as fs from 'node:fs';
import * as path from 'node:path';
import { rutaDaprd } from './aprovisionamiento/daprd';
import {
  argumentosPostgres,
  binariosPostgres,
  CLAVE_POSTGRES,
  inicializarDatosPostgres,
  USUARIO_POSTGRES,
} from './aprovisionamiento/postgres';
import { dirPulsar } from './aprovisionamiento/pulsar';
import { DefinicionProceso } from './procesos/supervisor';
import { asegurarDir, RAIZ_REPO, rutas } from './rutas';
import { grpcSirviendo, httpResponde, postgresResponde } from './sondas';
import type { TokensDapr } from './tokens-dapr';

// Process definitions of the local runtime: what to run, on which ports, and when it is ready.

export function urlPostgres(puerto: number, base = 'postgres'): string {
  return `postgres://${USUARIO_POSTGRES}:${CLAVE_POSTGRES}@127.0.0.1:${puerto}/${base}`;
}

export function postgres(dirDatos: string, puerto: number): DefinicionProceso {
  const bin = binariosPostgres();
  const datos = path.join(dirDatos, 'postgres');
  inicializarDatosPostgres(datos, bin);
  return {
    nombre: 'postgres',
    comando: path.join(bin.dir, 'postgres'),
    args: argumentosPostgres(datos, puerto),
    uid: bin.uid,
    gid: bin.gid,
    puertos: { tcp: puerto },
    listo: () => postgresResponde(urlPostgres(puerto)),
    tiempoMaximoArranqueMs: 60_000,
  };
}

const OPCIONES_JVM = [
  '-Xms256m',
  '-Xmx1g',
  '-XX:MaxDirectMemorySize=512m',
  '-XX:+UseG1GC',
  '-Dio.netty.tryReflectionSetAccessible=true',
  ...[
    'java.base/java.io',
    'java.base/java.nio',
    'java.base/jdk.internal.misc',
    'java.base/java.util.zip',
    'java.base/sun.net',
    'java.management/sun.management',
    'jdk.management/com.sun.management.internal',
    'java.base/jdk.internal.platform',
  ].flatMap((m) => ['--add-opens', `${m}=ALL-UNNAMED`]),
];

/** Pulsar standalone: RocksDB metadata (no ZooKeeper), one bookie, quorum 1, bound to 127.0.0.1. */
export function pulsar(
  dirDatos: string,
  p: { binario: number; admin: number; bookie: number },
): DefinicionProceso {
  const datos = asegurarDir(path.join(dirDatos, 'pulsar'));
  const conf = path.join(datos, 'standalone.conf');
  fs.writeFileSync(
    conf,
    [
      'clusterName=standalone',
      'bindAddress=127.0.0.1',
      'advertisedAddress=127.0.0.1',
      `brokerServicePort=${p.binario}`,
      `webServicePort=${p.admin}`,
      'managedLedgerDefaultEnsembleSize=1',
      'managedLedgerDefaultWriteQuorum=1',
      'managedLedgerDefaultAckQuorum=1',
      'allowAutoTopicCreation=true',
      'allowAutoTopicCreationType=non-partitioned',
      // keep idle topics and their subscriptions: a backlog must survive quiet periods
      'brokerDeleteInactiveTopicsEnabled=false',
      'functionsWorkerEnabled=false',
      'transactionCoordinatorEnabled=false',
      'dbStorage_writeCacheMaxSizeMb=64',
      'dbStorage_readAheadCacheMaxSizeMb=32',
      'dbStorage_rocksDB_blockCacheSize=33554432',
      'journalMaxGroupWaitMSec=1',
      'httpServerEnabled=false',
      '',
    ].join('\n'),
  );
  const log4j = path.join(datos, 'log4j2.properties');
  fs.writeFileSync(
    log4j,
    [
      'appender.console.type = Console',
      'appender.console.name = console',
      'appender.console.layout.type = PatternLayout',
      'appender.console.layout.pattern = %d{ISO8601} %-5level [%t] %c{1} - %msg%n',
      'rootLogger.level = info',
      'rootLogger.appenderRef.console.ref = console',
      '',
    ].join('\n'),
  );
  const admin = `http://127.0.0.1:${p.admin}`;
  return {
    nombre: 'pulsar',
    comando: 'java',
    args: [
      ...OPCIONES_JVM,
      `-Dlog4j2.configurationFile=${log4j}`,
      '-cp',
      `${path.join(dirPulsar(), 'lib')}/*`,
      'org.apache.pulsar.PulsarStandaloneStarter',
      '--config',
      conf,
      '--no-functions-worker',
      '--no-stream-storage',
      '--bookkeeper-port',
      String(p.bookie),
      '--metadata-dir',
      path.join(datos, 'metadata'),
      '--bookkeeper-dir',
      path.join(datos, 'bookkeeper'),
    ],
    puertos: { binary: p.binario, admin: p.admin, bookie: p.bookie },
    // ready when the admin API answers and the default namespace exists
    listo: () =>
      httpResponde(
        `${admin}/admin/v2/namespaces/public`,
        (e, c) => e === 200 && c.includes('public/default'),
      ),
    tiempoMaximoArranqueMs: 180_000,
  };
}

export interface OpcionesDaprd {
  appId: string;
  /** The app's AppCallback port (loopback), not its public API port. */
  appPuerto: number;
  /** APP_API_TOKEN daprd sends to the app, DAPR_API_TOKEN it requires on its own API. */
  tokens: TokensDapr;
  grpc: number;
  http: number;
  interno: number;
  metricas: number;
  /** Folder with the Component/Resiliency resources; defaults to components/. */
  recursos?: string;
  configuracion?: string;
}

export function daprd(o: OpcionesDaprd): DefinicionProceso {
  return {
    nombre: `daprd-${o.appId}`,
    comando: rutaDaprd(),
    args: [
      '--mode',
      'standalone',
      '--app-id',
      o.appId,
      '--app-port',
      String(o.appPuerto),
      '--app-protocol',
      'grpc',
      '--app-channel-address',
      '127.0.0.1',
      '--dapr-listen-addresses',
      '127.0.0.1',
      '--dapr-grpc-port',
      String(o.grpc),
      '--dapr-http-port',
      String(o.http),
      '--dapr-internal-grpc-port',
      String(o.interno),
      '--metrics-port',
      String(o.metricas),
      '--resources-path',
      o.recursos ?? rutas.componentes,
      '--config',
      o.configuracion ?? path.join(rutas.componentes, 'configuracion', 'configuracion.yaml'),
      '--log-as-json',
      // while the app fails its health check daprd stops delivering (messages wait in Pulsar)
      // instead of spending the retry budget on a dead process
      '--enable-app-health-check',
      '--app-health-probe-interval',
      '1',
      '--app-health-threshold',
      '2',
    ],
    env: { APP_API_TOKEN: o.tokens.app, DAPR_API_TOKEN: o.tokens.dapr },
    puertos: { grpc: o.grpc, http: o.http, internal: o.interno, metrics: o.metricas },
    // /v1.0/healthz is the one route daprd serves without DAPR_API_TOKEN
    listo: () => httpResponde(`http://127.0.0.1:${o.http}/v1.0/healthz`, (e) => e === 204),
    tiempoMaximoArranqueMs: 60_000,
  };
}

/** One of our Node services (services/<nombre>/dist/src/main.js), ready when gRPC health SERVES. */
export function servicioNode(
  nombre: string,
  env: Record<string, string>,
  listo: () => Promise<boolean>,
  puertos: Record<string, number>,
): DefinicionProceso {
  return {
    nombre,
    comando: process.execPath,
    args: [path.join(RAIZ_REPO, 'services', nombre, 'dist', 'src', 'main.js')],
    env,
    puertos,
    listo,
    tiempoMaximoArranqueMs: 60_000,
  };
}

export { grpcSirviendo, httpResponde };
