// Calling a service's gRPC API from its tests: the generated client's callbacks as promises, the
// status or field violations a call ends with, and the API on a throwaway plaintext server.
import * as grpc from '@grpc/grpc-js';
import { CLAVE_DETALLES_ERROR, decodificarViolaciones } from '../grpc/errores';
import { crearServidorGrpc, type ServicioGrpc } from '../grpc/servidor';
import { loggerNulo } from '../registro';

/** A unary method of a generated client, in its (request, metadata, options, callback) form. */
export type MetodoUnario<Req, Res> = (
  req: Req,
  md: grpc.Metadata,
  opciones: Partial<grpc.CallOptions>,
  cb: (e: grpc.ServiceError | null, r: Res) => void,
) => unknown;

/** Calls `metodo` of `cliente` with `md` and a 5 s deadline. */
export function llamar<Req, Res>(
  cliente: grpc.Client,
  metodo: MetodoUnario<Req, Res>,
  req: Req,
  md = new grpc.Metadata(),
): Promise<Res> {
  return new Promise((resolve, reject) =>
    metodo.call(cliente, req, md, { deadline: Date.now() + 5_000 }, (e, r) => (e ? reject(e) : resolve(r))),
  );
}

/** Metadata carrying `token` as a bearer credential; empty when there is no token. */
export function conToken(token?: string): grpc.Metadata {
  const md = new grpc.Metadata();
  if (token !== undefined) md.set('authorization', `Bearer ${token}`);
  return md;
}

/** The error a call fails with; throws if it does not fail. */
export async function errorDe(llamada: Promise<unknown>): Promise<grpc.ServiceError> {
  try {
    await llamada;
  } catch (e) {
    return e as grpc.ServiceError;
  }
  throw new Error('la llamada no falló');
}

/** The status code a call ends with (0 = OK). */
export function codigoDe(llamada: Promise<unknown>): Promise<number> {
  return llamada.then(
    () => 0,
    (e: grpc.ServiceError) => e.code,
  );
}

/** The fields an INVALID_ARGUMENT names (the field violations in its details). */
export function camposInvalidos(error: grpc.ServiceError): string[] {
  return decodificarViolaciones(error.metadata.get(CLAVE_DETALLES_ERROR)[0] as Buffer).map((v) => v.campo);
}

/** How consultarSalud connects, and which service it asks about ('' = the server). */
export interface OpcionesSalud {
  credenciales?: grpc.ChannelCredentials;
  opcionesCanal?: grpc.ChannelOptions;
  servicio?: string;
}

/** grpc.health.v1 Check: the status code and, when it answers, the serving status (1 = SERVING). */
export function consultarSalud(
  direccion: string,
  opciones: OpcionesSalud = {},
): Promise<{ codigo: number; estado?: number }> {
  const credenciales = opciones.credenciales ?? grpc.credentials.createInsecure();
  const cliente = new grpc.Client(direccion, credenciales, opciones.opcionesCanal);
  const servicio = Buffer.from(opciones.servicio ?? '');
  // HealthCheckRequest{service}: field 1, length-delimited
  const peticion = servicio.length ? Buffer.concat([Buffer.from([10, servicio.length]), servicio]) : servicio;
  const identidad = (b: Buffer) => b;
  return new Promise((resolve) =>
    cliente.makeUnaryRequest(
      '/grpc.health.v1.Health/Check',
      identidad,
      identidad,
      peticion,
      { deadline: Date.now() + 3_000 },
      (error, respuesta) => {
        cliente.close();
        // HealthCheckResponse{status=SERVING(1)} is the two bytes 08 01
        resolve(error ? { codigo: error.code } : { codigo: 0, estado: respuesta?.[1] });
      },
    ),
  );
}

/** An API served for a test, and a generated client for it. */
export interface ApiEnPrueba<C extends grpc.Client> {
  cliente: C;
  direccion: string;
  detener(): Promise<void>;
}

/** Serves `api` in plaintext on a free loopback port (health and reflection as in production). */
export async function servirEnPrueba<C extends grpc.Client>(
  api: ServicioGrpc,
  Cliente: new (direccion: string, credenciales: grpc.ChannelCredentials) => C,
): Promise<ApiEnPrueba<C>> {
  const servidor = crearServidorGrpc({ servicios: [api], logger: loggerNulo });
  const direccion = `127.0.0.1:${await servidor.iniciar('127.0.0.1:0')}`;
  const cliente = new Cliente(direccion, grpc.credentials.createInsecure());
  return {
    cliente,
    direccion,
    async detener() {
      cliente.close();
      await servidor.detener(1_000);
    },
  };
}
