import * as grpc from '@grpc/grpc-js';
import { apagarConPlazo } from '../grpc/apagado';
import { registrarAppCallback, type OpcionesAppCallback } from './app-callback';
import { registroConsola } from './registro-minimo';

// The AppCallback's own gRPC listener, apart from the public API: bound to loopback, so only a
// process in the same pod (or on this machine, locally) — daprd — can reach it, and every delivery
// still carries the app token.

/** Only loopback: daprd's app channel connects to 127.0.0.1 (its default --app-channel-address). */
export const HOST_APP_CALLBACK = '127.0.0.1';

export interface OpcionesServidorAppCallback extends OpcionesAppCallback {
  /** PUERTO_APP_CALLBACK (daprd's --app-port / dapr.io/app-port); 0 = any free port. */
  puerto: number;
}

export interface ServidorAppCallback {
  /** The bound port. */
  puerto: number;
  /** Stop taking deliveries, let in-flight ones finish up to `plazoMs`, then force. */
  detener(plazoMs?: number): Promise<void>;
}

/** Starts the AppCallback listener on 127.0.0.1:`puerto`. */
export async function iniciarServidorAppCallback(
  opciones: OpcionesServidorAppCallback,
): Promise<ServidorAppCallback> {
  const registro = opciones.registro ?? registroConsola;
  const servidor = new grpc.Server();
  registrarAppCallback(servidor, opciones);
  const direccion = `${HOST_APP_CALLBACK}:${opciones.puerto}`;
  const puerto = await new Promise<number>((resolve, reject) =>
    servidor.bindAsync(direccion, grpc.ServerCredentials.createInsecure(), (error, p) =>
      error ? reject(error) : resolve(p),
    ),
  );
  registro.info('AppCallback de Dapr escuchando', { direccion: `${HOST_APP_CALLBACK}:${puerto}` });
  return {
    puerto,
    detener: (plazoMs = 10_000) => apagarConPlazo(servidor, plazoMs),
  };
}
