import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import * as path from 'node:path';
import { Client } from 'pg';

// Readiness probes used by the supervisor.

export async function httpResponde(
  url: string,
  aceptar: (estado: number, cuerpo: string) => boolean,
): Promise<boolean> {
  try {
    const r = await fetch(url, { signal: AbortSignal.timeout(2000) });
    return aceptar(r.status, await r.text());
  } catch {
    return false;
  }
}

export async function postgresResponde(url: string): Promise<boolean> {
  const cliente = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await cliente.connect();
    await cliente.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await cliente.end().catch(() => undefined);
  }
}

type ClienteSalud = grpc.Client & {
  check(
    req: { service: string },
    opts: grpc.CallOptions,
    cb: (e: grpc.ServiceError | null, r?: { status: string }) => void,
  ): void;
};
let ConstructorSalud: (new (dir: string, cred: grpc.ChannelCredentials) => ClienteSalud) | undefined;

/** grpc.health.v1 Check answers SERVING. */
export async function grpcSirviendo(direccion: string): Promise<boolean> {
  if (!ConstructorSalud) {
    const proto = path.join(
      path.dirname(require.resolve('grpc-health-check/package.json')),
      'proto/health/v1/health.proto',
    );
    const definicion = grpc.loadPackageDefinition(
      protoLoader.loadSync(proto, { enums: String }),
    ) as unknown as {
      grpc: { health: { v1: { Health: typeof ConstructorSalud } } };
    };
    ConstructorSalud = definicion.grpc.health.v1.Health;
  }
  const cliente = new ConstructorSalud!(direccion, grpc.credentials.createInsecure());
  try {
    return await new Promise<boolean>((resolve) => {
      cliente.check({ service: '' }, { deadline: Date.now() + 2000 }, (e, r) =>
        resolve(!e && r?.status === 'SERVING'),
      );
    });
  } finally {
    cliente.close();
  }
}
