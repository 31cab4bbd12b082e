import type { AddressInfo } from 'node:net';
import type * as http from 'node:http';
import { Pasarela, type OpcionesPasarela } from '../../src/pasarela';
import { crearServidorPasarela } from '../../src/servidor-http';

export interface PasarelaEnPrueba {
  url: string;
  cerrar(): Promise<void>;
  post(ruta: string, cuerpo: unknown, cabeceras?: Record<string, string>): Promise<RespuestaJson>;
  put(ruta: string, cuerpo: unknown): Promise<RespuestaJson>;
  get(ruta: string): Promise<RespuestaJson>;
  transferir(clave: string | undefined, cuerpo: unknown): Promise<RespuestaJson>;
}

export interface RespuestaJson {
  estado: number;
  cuerpo: Record<string, unknown>;
  cabeceras: Headers;
}

/** The real HTTP server on an ephemeral port. */
export async function iniciarPasarela(opciones?: OpcionesPasarela): Promise<PasarelaEnPrueba> {
  const servidor: http.Server = crearServidorPasarela(new Pasarela(opciones));
  await new Promise<void>((listo) => servidor.listen(0, '127.0.0.1', listo));
  const url = `http://127.0.0.1:${(servidor.address() as AddressInfo).port}`;
  const llamar = async (
    metodo: string,
    ruta: string,
    cuerpo?: unknown,
    cabeceras: Record<string, string> = {},
  ) => {
    const res = await fetch(url + ruta, {
      method: metodo,
      headers: { 'content-type': 'application/json', ...cabeceras },
      body: cuerpo === undefined ? undefined : typeof cuerpo === 'string' ? cuerpo : JSON.stringify(cuerpo),
    });
    const texto = await res.text();
    let json: Record<string, unknown> = {};
    try {
      json = JSON.parse(texto);
    } catch {
      json = { texto };
    }
    return { estado: res.status, cuerpo: json, cabeceras: res.headers };
  };
  return {
    url,
    cerrar: () =>
      new Promise<void>((listo) => {
        servidor.close(() => listo());
        servidor.closeAllConnections();
      }),
    post: (ruta, cuerpo, cabeceras) => llamar('POST', ruta, cuerpo, cabeceras),
    put: (ruta, cuerpo) => llamar('PUT', ruta, cuerpo),
    get: (ruta) => llamar('GET', ruta),
    transferir: (clave, cuerpo) =>
      llamar('POST', '/v1/transferencias', cuerpo, clave === undefined ? {} : { 'Idempotency-Key': clave }),
  };
}

export function unaTransferencia(cambios: Record<string, unknown> = {}) {
  return {
    id_pago: 'pago-1',
    id_influencer: 'inf-1',
    monto: { moneda: 'COP', unidades_menores: '150000' },
    ...cambios,
  };
}
