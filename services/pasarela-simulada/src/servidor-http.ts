// HTTP face of the pasarela (node:http only, no framework): the PSP payout API and its admin API.
import { timingSafeEqual } from 'node:crypto';
import * as http from 'node:http';
import type { Pasarela } from './pasarela';
import { ErrorValidacion, validarClaveIdempotencia, validarFallas, validarTransferencia } from './validacion';

/** What the server needs from a logger; main.ts passes the seedwork JSON logger. */
export interface RegistroLog {
  info(mensaje: string, campos?: Record<string, unknown>): void;
  error(mensaje: string, campos?: Record<string, unknown>): void;
}

const TAMANO_MAXIMO_CUERPO = 1024 * 1024;

class ErrorHttp extends Error {
  constructor(
    readonly estado: number,
    mensaje: string,
    readonly campo?: string,
  ) {
    super(mensaje);
  }
}

function enviar(
  res: http.ServerResponse,
  estado: number,
  cuerpo: unknown,
  cabeceras: http.OutgoingHttpHeaders = {},
) {
  const texto = JSON.stringify(cuerpo);
  res.writeHead(estado, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(texto),
    ...cabeceras,
  });
  res.end(texto);
}

async function leerJson(req: http.IncomingMessage): Promise<unknown> {
  const partes: Buffer[] = [];
  let tamano = 0;
  for await (const parte of req as AsyncIterable<Buffer>) {
    tamano += parte.length;
    if (tamano > TAMANO_MAXIMO_CUERPO) throw new ErrorHttp(413, 'cuerpo demasiado grande', 'cuerpo');
    partes.push(parte);
  }
  const texto = Buffer.concat(partes).toString('utf8');
  if (texto.trim() === '') return undefined;
  try {
    return JSON.parse(texto);
  } catch {
    throw new ErrorHttp(400, 'JSON invalido', 'cuerpo');
  }
}

type Manejador = (
  req: http.IncomingMessage,
  url: URL,
) => Promise<{ estado: number; cuerpo: unknown; cabeceras?: http.OutgoingHttpHeaders } | string>;

/**
 * Like a real PSP, when given a credential it refuses payout calls without it (401) or with another
 * one (403), before reading anything else. Without one (local runs) every call is accepted.
 */
function verificarCredencial(req: http.IncomingMessage, credencial: string | undefined): void {
  if (!credencial) return;
  const cabecera = req.headers.authorization ?? '';
  const [esquema, valor] = cabecera.split(' ', 2);
  if (esquema?.toLowerCase() !== 'bearer' || !valor) {
    throw new ErrorHttp(401, 'falta la credencial (Authorization: Bearer …)', 'authorization');
  }
  if (!iguales(valor, credencial)) throw new ErrorHttp(403, 'credencial no autorizada', 'authorization');
}

function iguales(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export interface OpcionesServidorPasarela {
  /** API key payout calls must carry as a bearer token; none required when absent. */
  credencial?: string;
}

export function crearServidorPasarela(
  pasarela: Pasarela,
  log?: RegistroLog,
  opciones: OpcionesServidorPasarela = {},
): http.Server {
  const rutas: Record<string, Partial<Record<string, Manejador>>> = {
    '/v1/transferencias': {
      POST: async (req) => {
        verificarCredencial(req, opciones.credencial);
        const clave = validarClaveIdempotencia(req.headers['idempotency-key']);
        const solicitud = validarTransferencia(await leerJson(req));
        const respuesta = await pasarela.transferir(clave, solicitud);
        log?.info('transferencia', {
          id_pago: solicitud.id_pago,
          clave_idempotencia: clave,
          estado_http: respuesta.estado,
          repetida: respuesta.repetida ?? false,
        });
        const cabeceras: http.OutgoingHttpHeaders = respuesta.repetida
          ? { 'idempotent-replayed': 'true' }
          : {};
        if (respuesta.estado === 503) cabeceras['retry-after'] = '1';
        return { estado: respuesta.estado, cuerpo: respuesta.cuerpo, cabeceras };
      },
    },
    '/admin/bloquear': {
      POST: async () => {
        pasarela.bloquear();
        log?.info('pasarela bloqueada');
        return { estado: 200, cuerpo: pasarela.estado() };
      },
    },
    '/admin/permitir': {
      POST: async () => {
        pasarela.permitir();
        log?.info('pasarela permitida');
        return { estado: 200, cuerpo: pasarela.estado() };
      },
    },
    '/admin/fallas': {
      PUT: async (req) => {
        const fallas = validarFallas(await leerJson(req));
        pasarela.configurarFallas(fallas);
        log?.info('fallas configuradas', { ...fallas });
        return { estado: 200, cuerpo: fallas };
      },
      GET: async () => ({ estado: 200, cuerpo: pasarela.estado().fallas }),
    },
    '/admin/transferencias': {
      GET: async (_req, url) => {
        const idPago = url.searchParams.get('id_pago') ?? undefined;
        return { estado: 200, cuerpo: { transferencias: pasarela.transferencias({ id_pago: idPago }) } };
      },
    },
    '/admin/estado': { GET: async () => ({ estado: 200, cuerpo: pasarela.estado() }) },
    '/admin/reiniciar': {
      POST: async () => {
        pasarela.reiniciar();
        log?.info('pasarela reiniciada');
        return { estado: 200, cuerpo: pasarela.estado() };
      },
    },
    '/salud': { GET: async () => ({ estado: 200, cuerpo: { estado: 'ok' } }) },
    '/metrics': { GET: async () => pasarela.metricas() },
  };

  return http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://pasarela');
    const metodos = rutas[url.pathname];
    const manejador = metodos?.[req.method ?? 'GET'];
    if (!metodos) return enviar(res, 404, { error: `ruta desconocida: ${url.pathname}` });
    if (!manejador) {
      return enviar(
        res,
        405,
        { error: `metodo no permitido: ${req.method}` },
        { allow: Object.keys(metodos).join(', ') },
      );
    }
    manejador(req, url).then(
      (r) => {
        if (typeof r === 'string') {
          res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
          res.end(r);
        } else enviar(res, r.estado, r.cuerpo, r.cabeceras);
      },
      (error: unknown) => {
        if (error instanceof ErrorValidacion || error instanceof ErrorHttp) {
          pasarela.contar('invalida');
          const estado = error instanceof ErrorHttp ? error.estado : 400;
          return enviar(res, estado, { error: `${error.campo}: ${error.message}`, campo: error.campo });
        }
        log?.error('error inesperado', { ruta: url.pathname, error: String(error) });
        enviar(res, 500, { error: 'error interno' });
      },
    );
  });
}
