import * as grpc from '@grpc/grpc-js';
import { liquidacion, pagos } from '@alpes/contratos';
import { BASES_DE_DATOS, entornoDePrueba, EntornoDePrueba, iniciarServicios } from '@alpes/entorno';
import { Client } from 'pg';
import { ClientePasarela } from './cliente-pasarela';

// The whole system on the test runtime (real Postgres, Pulsar, two daprd, both services and the
// PSP stand-in), started once per test process, driven only through its public APIs.

export interface SistemaDePrueba {
  entorno: EntornoDePrueba;
  pagos: pagos.PagosServiceClient;
  liquidacion: liquidacion.LiquidacionServiceClient;
  pasarela: ClientePasarela;
}

let enCurso: Promise<SistemaDePrueba> | undefined;

export function sistemaDePrueba(): Promise<SistemaDePrueba> {
  enCurso ??= (async () => {
    const entorno = await entornoDePrueba();
    const admin = new Client({ connectionString: entorno.urlPostgresAdmin });
    await admin.connect();
    for (const base of BASES_DE_DATOS) {
      await admin.query(`DROP DATABASE IF EXISTS ${base} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${base}`);
    }
    await admin.end();
    const p = entorno.puertos;
    await iniciarServicios(entorno.supervisor, p, { recursos: entorno.recursos, nivelLog: 'warn' });
    const cred = grpc.credentials.createInsecure();
    return {
      entorno,
      pagos: new pagos.PagosServiceClient(`127.0.0.1:${p.pagosGrpc}`, cred),
      liquidacion: new liquidacion.LiquidacionServiceClient(`127.0.0.1:${p.liquidacionGrpc}`, cred),
      pasarela: new ClientePasarela(`http://127.0.0.1:${p.pasarela}`),
    };
  })();
  return enCurso;
}

/** Promise form of a generated unary client method. */
export function llamar<Req, Res>(
  cliente: grpc.Client,
  metodo: (
    req: Req,
    md: grpc.Metadata,
    opts: grpc.CallOptions,
    cb: (e: grpc.ServiceError | null, r: Res) => void,
  ) => unknown,
  peticion: Req,
  plazoMs = 10_000,
): Promise<Res> {
  return new Promise((resolve, reject) =>
    metodo.call(cliente, peticion, new grpc.Metadata(), { deadline: Date.now() + plazoMs }, (e, r) =>
      e ? reject(e) : resolve(r),
    ),
  );
}
