// An AppCallback on a real grpc-js server on a free port, with the client daprd would use.
import * as grpc from '@grpc/grpc-js';
import { daprAppCallback } from '@alpes/contratos';
import { registrarAppCallback, type OpcionesAppCallback } from '../../src';

export interface AppCallbackDePrueba {
  cliente: daprAppCallback.AppCallbackClient;
  cerrar(): void;
}

export async function levantarAppCallback(
  opciones: Omit<OpcionesAppCallback, 'pubsub' | 'registro'>,
): Promise<AppCallbackDePrueba> {
  const servidor = new grpc.Server();
  registrarAppCallback(servidor, {
    pubsub: 'pubsub',
    registro: { info: () => undefined, warn: () => undefined, error: () => undefined },
    ...opciones,
  });
  const puerto = await new Promise<number>((resolve, reject) =>
    servidor.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e, p) =>
      e ? reject(e) : resolve(p),
    ),
  );
  const cliente = new daprAppCallback.AppCallbackClient(
    `127.0.0.1:${puerto}`,
    grpc.credentials.createInsecure(),
  );
  return {
    cliente,
    cerrar() {
      cliente.close();
      servidor.forceShutdown();
    },
  };
}
