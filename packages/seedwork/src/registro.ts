// JSON-lines logging on pino. A request or event handler runs inside `conContexto({ id_correlacion,
// id_pago })` and every line written while it runs (in any layer) carries those fields, via
// AsyncLocalStorage. Lines keep the house fields: ts, nivel (debug|info|warn|error), servicio, msg.
import { AsyncLocalStorage } from 'node:async_hooks';
import { pino, type Logger as LoggerPino } from 'pino';
import type { CamposLog, Logger } from './aplicacion/puerto-registro';

export type { CamposLog, Logger } from './aplicacion/puerto-registro';

/** Levels in increasing severity; NIVEL_LOG picks the lowest one written. */
export const NIVELES_LOG = ['debug', 'info', 'warn', 'error'] as const;
/** One of NIVELES_LOG. */
export type NivelLog = (typeof NIVELES_LOG)[number];

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
  const { escribir } = opciones;
  const destino = escribir ? { write: (linea: string) => escribir(linea.slice(0, -1)) } : process.stdout;
  const raiz = pino(
    {
      level: opciones.nivel ?? 'info',
      base: { servicio: opciones.servicio },
      timestamp: () => `,"ts":"${new Date().toISOString()}"`,
      // pino merges into what mixin returns, so it gets a copy of the context, never the store
      mixin: () => ({ ...almacen.getStore() }),
      formatters: { level: (nivel) => ({ nivel }), bindings: aJson, log: aJson },
    },
    destino,
  );
  const envolver = (p: LoggerPino): Logger => ({
    debug: (mensaje, campos) => p.debug(campos ?? {}, mensaje),
    info: (mensaje, campos) => p.info(campos ?? {}, mensaje),
    warn: (mensaje, campos) => p.warn(campos ?? {}, mensaje),
    error: (mensaje, campos) => p.error(campos ?? {}, mensaje),
    hijo: (campos) => envolver(p.child(campos)),
  });
  return envolver(raiz);
}

/** A logger that writes nothing (unit tests). */
export const loggerNulo: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  hijo: () => loggerNulo,
};

/** bigint as its decimal string and errors as {nombre, mensaje, codigo, tipo, campo, pila}, at any depth. */
function aJson(campos: CamposLog): CamposLog {
  const enCurso = new Set<object>(); // the objects on the current path: a cycle, not a repeat
  const valor = (v: unknown): unknown => {
    if (typeof v === 'bigint') return v.toString();
    if (v instanceof Error) {
      const { code: codigo, tipo, campo } = v as Error & { code?: unknown; tipo?: unknown; campo?: unknown };
      return { nombre: v.name, mensaje: v.message, codigo, tipo, campo, pila: v.stack };
    }
    if (typeof v !== 'object' || v === null) return v;
    const prototipo: unknown = Object.getPrototypeOf(v);
    const compuesto = Array.isArray(v) || prototipo === Object.prototype || prototipo === null;
    if (!compuesto) return v; // Date, Buffer …: as JSON.stringify writes them
    if (enCurso.has(v)) return '[Circular]';
    enCurso.add(v);
    try {
      return Array.isArray(v)
        ? v.map(valor)
        : Object.fromEntries(Object.entries(v).map(([k, x]) => [k, valor(x)]));
    } finally {
      enCurso.delete(v);
    }
  };
  return valor(campos) as CamposLog;
}

function sinIndefinidos(campos: CamposLog): CamposLog {
  return Object.fromEntries(Object.entries(campos).filter(([, v]) => v !== undefined && v !== ''));
}
