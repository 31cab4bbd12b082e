// The whole system on the test ports (@alpes/pruebas-sistema) plus the process control API the
// drills' local target drives (kill -9 / restart through the test supervisor), and the drill
// command-line flags that point at them.
import type * as http from 'node:http';
import * as path from 'node:path';
import {
  ARCHIVO_TOKEN_CONTROL,
  ARCHIVO_TOKENS_DAPR,
  generarTokenControl,
  servirControl,
} from '@alpes/entorno';
import { sistemaDePrueba, type SistemaDePrueba } from '@alpes/pruebas-sistema';

export interface SistemaConControl {
  sistema: SistemaDePrueba;
  urlControl: string;
  /** Bearer of the control API (also in the token file passed as --token-control). */
  tokenControl: string;
  /** --pagos, --liquidacion, --pasarela, --pulsar-admin, --dapr-http, --control, --app-callback-*, --tokens-dapr for `drill`. */
  banderas: string[];
}

let enCurso: Promise<SistemaConControl> | undefined;
let servidor: http.Server | undefined;

export function sistemaConControl(): Promise<SistemaConControl> {
  enCurso ??= (async () => {
    const sistema = await sistemaDePrueba();
    const p = sistema.entorno.puertos;
    const token = generarTokenControl(sistema.entorno.dir);
    servidor = await servirControl(sistema.entorno.supervisor, p.control, token);
    servidor.unref();
    const urlControl = `http://127.0.0.1:${p.control}`;
    return {
      sistema,
      urlControl,
      tokenControl: token,
      banderas: [
        ['--pagos', `127.0.0.1:${p.pagosGrpc}`],
        ['--liquidacion', `127.0.0.1:${p.liquidacionGrpc}`],
        ['--pasarela', `http://127.0.0.1:${p.pasarela}`],
        ['--pulsar-admin', `http://127.0.0.1:${p.pulsarAdmin}`],
        ['--dapr-http', `http://127.0.0.1:${p.pagosDaprHttp}`],
        ['--control', urlControl],
        ['--app-callback-pagos', `127.0.0.1:${p.pagosAppCallback}`],
        ['--app-callback-liquidacion', `127.0.0.1:${p.liquidacionAppCallback}`],
        ['--tokens-dapr', path.join(sistema.entorno.dir, ARCHIVO_TOKENS_DAPR)],
        ['--token-control', path.join(sistema.entorno.dir, ARCHIVO_TOKEN_CONTROL)],
      ].flat(),
    };
  })();
  return enCurso;
}

export function cerrarControl(): Promise<void> {
  const s = servidor;
  servidor = undefined;
  enCurso = undefined;
  return new Promise((r) => (s ? s.close(() => r()) : r()));
}
