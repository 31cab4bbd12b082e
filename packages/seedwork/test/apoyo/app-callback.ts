// An AppCallback on its real loopback listener on a free port, with the client daprd would use
// (it sends the app token on every call, as daprd does).
import * as grpc from '@grpc/grpc-js';
import { daprAppCallback } from '@alpes/contratos';
import { iniciarServidorAppCallback, type OpcionesAppCallback } from '../../src';

export const TOKEN_APP_DE_PRUEBA = 'token-de-la-app-de-prueba-0123456789';

/** A client interceptor that adds `dapr-api-token` (or nothing when `token` is undefined). */
export function conTokenDapr(token: string | undefined): grpc.Interceptor {
  return (opciones, siguiente) =>
    new grpc.InterceptingCall(siguiente(opciones), {
      start(metadatos, escucha, seguir) {
        if (token !== undefined) metadatos.set('dapr-api-token', token);
        seguir(metadatos, escucha);
      },
    });
}

export interface AppCallbackDePrueba {
  cliente: daprAppCallback.AppCallbackClient;
  /** A client of the same listener that sends `token` (undefined: none). */
  clienteCon(token: string | undefined): daprAppCallback.AppCallbackClient;
  cerrar(): void;
}

export async function levantarAppCallback(
  opciones: Omit<OpcionesAppCallback, 'pubsub' | 'registro' | 'tokenApp'>,
): Promise<AppCallbackDePrueba> {
  const servidor = await iniciarServidorAppCallback({
    puerto: 0,
    pubsub: 'pubsub',
    tokenApp: TOKEN_APP_DE_PRUEBA,
    registro: { info: () => undefined, warn: () => undefined, error: () => undefined },
    ...opciones,
  });
  const clientes: grpc.Client[] = [];
  const clienteCon = (token: string | undefined) => {
    const c = new daprAppCallback.AppCallbackClient(
      `127.0.0.1:${servidor.puerto}`,
      grpc.credentials.createInsecure(),
      { interceptors: [conTokenDapr(token)] },
    );
    clientes.push(c);
    return c;
  };
  return {
    cliente: clienteCon(TOKEN_APP_DE_PRUEBA),
    clienteCon,
    cerrar() {
      for (const c of clientes) c.close();
      void servidor.detener(0);
    },
  };
}
