import * as http from 'node:http';
import { ErrorEntorno } from '../errores';
import { Supervisor } from './supervisor';
import { autorizaControl } from './token-control';

/**
 * Lets drills and operators crash and restart local processes of a running `npm start`:
 * GET /procesos, GET /procesos/<n>/estado, POST /procesos/<n>/matar (kill -9),
 * POST /procesos/<n>/reiniciar (start again and wait until ready). Bound to 127.0.0.1 only, and
 * every request must carry `authorization: Bearer <token>` (token-control.ts).
 */
export function servirControl(supervisor: Supervisor, puerto: number, token: string): Promise<http.Server> {
  const servidor = http.createServer((peticion, respuesta) => {
    const responder = (estado: number, cuerpo: unknown) => {
      respuesta.writeHead(estado, { 'content-type': 'application/json' });
      respuesta.end(JSON.stringify(cuerpo));
    };
    // a browser sends Origin on cross-origin requests: no page may drive the supervisor
    if (peticion.headers.origin !== undefined)
      return responder(403, { error: 'cross-origin requests are refused' });
    if (!autorizaControl(peticion.headers.authorization, token))
      return responder(401, {
        error:
          "missing or wrong token: send 'authorization: Bearer <token>' with this run's .entorno/token-control",
      });
    const partes = (peticion.url ?? '').split('?')[0]!.split('/').filter(Boolean);
    const [raiz, nombre, accion] = partes;
    if (raiz !== 'procesos')
      return responder(404, { error: 'use /procesos[/<name>/(estado|matar|reiniciar)]' });
    if (!nombre)
      return responder(
        200,
        supervisor.nombres().map((n) => ({ nombre: n, ...supervisor.estado(n) })),
      );
    const ejecutar = async () => {
      if (peticion.method === 'GET' && accion === 'estado') return supervisor.estado(nombre);
      if (peticion.method === 'POST' && accion === 'matar')
        return supervisor.matar(nombre).then(() => supervisor.estado(nombre));
      if (peticion.method === 'POST' && accion === 'reiniciar') {
        const inicio = Date.now();
        await supervisor.reiniciar(nombre);
        return { ...supervisor.estado(nombre), msHastaListo: Date.now() - inicio };
      }
      throw new ErrorEntorno(
        `unknown action '${peticion.method} ${accion}': use GET estado, POST matar, POST reiniciar`,
      );
    };
    ejecutar().then(
      (r) => responder(200, r ?? {}),
      (e: Error) => responder(e instanceof ErrorEntorno ? 400 : 500, { error: e.message }),
    );
  });
  return new Promise((resolve, reject) => {
    servidor.once('error', reject);
    servidor.listen(puerto, '127.0.0.1', () => resolve(servidor));
  });
}
