import * as grpc from '@grpc/grpc-js';
import { liquidacion, pagos } from '@alpes/contratos';
import {
  detenerEntornoDePrueba,
  entornoDePrueba,
  EntornoDePrueba,
  esperarHasta,
  iniciarServicios,
  prepararBasesDeDatos,
} from '@alpes/entorno';
import { conCredencial, proveedorTokenLocal } from '@alpes/seedwork';
import { ClientePasarela } from '@alpes/cliente-pasarela';

// The whole system on the test runtime (real Postgres, Pulsar, two daprd, both services and the
// PSP stand-in), started once per process (end-to-end tests, the bench), driven only through its
// public APIs. Ports: defaults + ALPES_DESPLAZAMIENTO_PRUEBAS (11000 unless set).

export interface SistemaDePrueba {
  entorno: EntornoDePrueba;
  pagos: pagos.PagosServiceClient;
  liquidacion: liquidacion.LiquidacionServiceClient;
  pasarela: ClientePasarela;
}

export interface OpcionesSistemaDePrueba {
  /** NIVEL_LOG of the services (default 'warn'). */
  nivelLog?: string;
  /** Runs after the test runtime is up and before the services start (e.g. edit its Dapr resources). */
  antesDeServicios?: (entorno: EntornoDePrueba) => void | Promise<void>;
}

let enCurso: Promise<SistemaDePrueba> | undefined;

/** The system of this process: started on first call (with these options), shared afterwards. */
export function sistemaDePrueba(opciones: OpcionesSistemaDePrueba = {}): Promise<SistemaDePrueba> {
  enCurso ??= iniciarSistema(opciones);
  return enCurso;
}

/** Closes the clients and stops every process the system started (mocha's global teardown does the latter too). */
export async function detenerSistemaDePrueba(): Promise<void> {
  const s = await enCurso?.catch(() => undefined);
  enCurso = undefined;
  s?.pagos.close();
  s?.liquidacion.close();
  await detenerEntornoDePrueba();
}

async function iniciarSistema(o: OpcionesSistemaDePrueba): Promise<SistemaDePrueba> {
  const entorno = await entornoDePrueba();
  // empty databases, each with its migration and service roles (the services migrate at start)
  await prepararBasesDeDatos(entorno.urlPostgresAdmin, { recrear: true });
  await o.antesDeServicios?.(entorno);
  const p = entorno.puertos;
  await iniciarServicios(entorno.supervisor, p, {
    recursos: entorno.recursos,
    nivelLog: o.nivelLog ?? 'warn',
    tokens: entorno.tokens,
  });
  const cred = grpc.credentials.createInsecure();
  // every call carries the local credential (every permission) the services were started to accept
  const opciones = conCredencial(proveedorTokenLocal());
  return {
    entorno,
    pagos: new pagos.PagosServiceClient(`127.0.0.1:${p.pagosGrpc}`, cred, opciones),
    liquidacion: new liquidacion.LiquidacionServiceClient(`127.0.0.1:${p.liquidacionGrpc}`, cred, opciones),
    pasarela: new ClientePasarela(`http://127.0.0.1:${p.pasarela}`),
  };
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

/**
 * Polls ObtenerPago until the pago is in `estado` and returns it; a timeout names the last state seen.
 * The local e2e and the cluster suites wait the same way, at their own pace.
 */
export async function esperarEstadoPago(
  cliente: pagos.PagosServiceClient,
  idPago: string,
  estado: pagos.EstadoPago,
  plazoMs: number,
  intervaloMs: number,
): Promise<pagos.Pago> {
  const { EstadoPago } = pagos;
  let ultimo: pagos.Pago | undefined;
  await esperarHasta(
    () => `pago ${idPago} in ${EstadoPago[estado]} (last: ${ultimo ? EstadoPago[ultimo.estado] : '-'})`,
    async () => (ultimo = (await llamar(cliente, cliente.obtenerPago, { idPago })).pago!).estado === estado,
    plazoMs,
    intervaloMs,
  );
  return ultimo!;
}
