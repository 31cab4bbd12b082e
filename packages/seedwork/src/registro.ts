// JSON-lines logging. A request or event handler runs inside `conContexto({ id_correlacion, id_pago })`
// and every line written while it runs (in any layer) carries those fields, via AsyncLocalStorage.
import { AsyncLocalStorage } from 'node:async_hooks';

/** Levels in increasing severity; NIVEL_LOG picks the lowest one written. */
export const NIVELES_LOG = ['debug', 'info', 'warn', 'error'] as const;
/** One of NIVELES_LOG. */
export type NivelLog = (typeof NIVELES_LOG)[number];

/** Extra fields of a log line (snake_case names); an `error` field is serialised with its message and stack. */
export type CamposLog = Record<string, unknown>;

/** Structured logger; `hijo` returns one that adds fixed fields (e.g. componente) to every line. */
export interface Logger {
  debug(mensaje: string, campos?: CamposLog): void;
  info(mensaje: string, campos?: CamposLog): void;
  warn(mensaje: string, campos?: CamposLog): void;
  error(mensaje: string, campos?: CamposLog): void;
  hijo(campos: CamposLog): Logger;
}

const almacen = new AsyncLocalStorage<CamposLog>();

/** Runs `fn` with `campos` added to the log context of everything it does (nested contexts merge). */
export function conContexto<T>(campos: CamposLog, fn: () => T): T {
  return almacen.run({ ...almacen.getStore(), ...sinIndefinidos(campos) }, fn);
}

/** Adds fields to the current context (e.g. id_pago once the request is parsed); no-op outside a context. */
export function agregarAlContexto(campos: CamposLog): void {
  const actual = almacen.getStore();
  if (actual) Object.assign(actual, sinIndefinidos(campos));
}

/** The fields of the current log context (empty outside one). */
export function contextoActual(): Readonly<CamposLog> {
  return almacen.getStore() ?? {};
}

/** Options of crearLogger; `escribir` defaults to process.stdout (tests capture lines with it). */
export interface OpcionesLogger {
  nivel?: NivelLog;
  servicio: string;
  escribir?: (linea: string) => void;
}

/** Creates the JSON-lines logger of a process. */
export function crearLogger(opciones: OpcionesLogger): Logger {
  const minimo = NIVELES_LOG.indexOf(opciones.nivel ?? 'info');
  const escribir = opciones.escribir ?? ((linea: string) => process.stdout.write(linea + '\n'));
  const construir = (fijos: CamposLog): Logger => {
    const log = (nivel: NivelLog) => (mensaje: string, campos?: CamposLog) => {
      if (NIVELES_LOG.indexOf(nivel) < minimo) return;
      const linea = {
        ts: new Date().toISOString(),
        nivel,
        servicio: opciones.servicio,
        msg: mensaje,
        ...fijos,
        ...almacen.getStore(),
        ...campos,
      };
      escribir(JSON.stringify(linea, reemplazar));
    };
    return {
      debug: log('debug'),
      info: log('info'),
      warn: log('warn'),
      error: log('error'),
      hijo: (campos) => construir({ ...fijos, ...campos }),
    };
  };
  return construir({});
}

/** A logger that writes nothing (unit tests). */
export const loggerNulo: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  hijo: () => loggerNulo,
};

function reemplazar(_clave: string, valor: unknown): unknown {
  if (typeof valor === 'bigint') return valor.toString();
  if (valor instanceof Error) {
    const extra = valor as Error & { code?: unknown; tipo?: unknown; campo?: unknown };
    return {
      nombre: valor.name,
      mensaje: valor.message,
      codigo: extra.code,
      tipo: extra.tipo,
      campo: extra.campo,
      pila: valor.stack,
    };
  }
  return valor;
}

function sinIndefinidos(campos: CamposLog): CamposLog {
  return Object.fromEntries(Object.entries(campos).filter(([, v]) => v !== undefined && v !== ''));
}
