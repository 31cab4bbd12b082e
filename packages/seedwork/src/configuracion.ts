// Configuration from environment variables, validated at start. Every problem is reported at once,
// each saying which variable, what it held and what is expected, so the operator can fix it in one go.
import { isIP } from 'node:net';

/** How to read one environment variable into a value of type T. */
export interface Variable<T> {
  nombre: string;
  /** What a valid value looks like, for the error message. */
  esperado: string;
  /** Value when the variable is unset or empty; without it the variable is required. */
  porDefecto?: T;
  /** A secret: an invalid value is never echoed in the error message. */
  oculto?: boolean;
  /** A former name still read when `nombre` is unset: renaming a variable must not break deployments. */
  nombreAnterior?: string;
  /** Parses the raw text; returns undefined when it is not valid. */
  analizar(texto: string): T | undefined;
}

/** A set of variables by config key; leerConfiguracion returns an object with the same keys. */
export type EsquemaConfiguracion = Record<string, Variable<unknown>>;
/** The typed configuration an EsquemaConfiguracion yields. */
export type Configuracion<E extends EsquemaConfiguracion> = {
  [K in keyof E]: E[K] extends Variable<infer T> ? T : never;
};

/** One or more variables are missing or invalid; `problemas` has one line per variable. */
export class ErrorConfiguracion extends Error {
  constructor(readonly problemas: string[]) {
    super(`Configuración inválida:\n  - ${problemas.join('\n  - ')}`);
    this.name = 'ErrorConfiguracion';
  }
}

/** Reads and validates every variable of `esquema` from `entorno` (process.env by default). */
export function leerConfiguracion<E extends EsquemaConfiguracion>(
  esquema: E,
  entorno: Record<string, string | undefined> = process.env,
): Configuracion<E> {
  const problemas: string[] = [];
  const resultado: Record<string, unknown> = {};
  for (const [clave, definida] of Object.entries(esquema)) {
    const variable = conNombreEnUso(definida, entorno);
    const crudo = entorno[variable.nombre]?.trim();
    if (crudo === undefined || crudo === '') {
      if (variable.porDefecto === undefined) {
        problemas.push(`${variable.nombre} no está definida: se espera ${variable.esperado}`);
      }
      resultado[clave] = variable.porDefecto;
      continue;
    }
    const valor = variable.analizar(crudo);
    if (valor === undefined) {
      problemas.push(
        `${variable.nombre}=${variable.oculto ? '<oculto>' : JSON.stringify(crudo)} no es válida: se espera ${variable.esperado}`,
      );
    }
    resultado[clave] = valor;
  }
  if (problemas.length > 0) throw new ErrorConfiguracion(problemas);
  return resultado as Configuracion<E>;
}

/** `variable` under its former name when only that one is set, so errors name what the operator wrote. */
function conNombreEnUso(
  variable: Variable<unknown>,
  entorno: Record<string, string | undefined>,
): Variable<unknown> {
  const anterior = variable.nombreAnterior;
  if (!anterior || entorno[variable.nombre]?.trim() || !entorno[anterior]?.trim()) return variable;
  return { ...variable, nombre: anterior };
}

/** `variable` renamed to `nombre`, still accepting the old name (a variable an operator may have set). */
export function renombrada<T>(variable: Variable<T>, nombre: string): Variable<T> {
  return { ...variable, nombre, nombreAnterior: variable.nombre };
}

/** Free text (non-empty). */
export function texto(nombre: string, opciones: { porDefecto?: string } = {}): Variable<string> {
  return { nombre, esperado: 'un texto no vacío', porDefecto: opciones.porDefecto, analizar: (t) => t };
}

/** A required secret (a token) of at least `minimo` characters; its value never appears in errors. */
export function secreto(nombre: string, opciones: { minimo?: number; uso?: string } = {}): Variable<string> {
  const minimo = opciones.minimo ?? 16;
  return {
    nombre,
    esperado: `un secreto de al menos ${minimo} caracteres${opciones.uso ? ` (${opciones.uso})` : ''}`,
    oculto: true,
    analizar: (t) => (t.length >= minimo ? t : undefined),
  };
}

/** An integer within [min, max]. */
export function entero(
  nombre: string,
  opciones: { min?: number; max?: number; porDefecto?: number } = {},
): Variable<number> {
  const min = opciones.min ?? Number.MIN_SAFE_INTEGER;
  const max = opciones.max ?? Number.MAX_SAFE_INTEGER;
  return {
    nombre,
    esperado: `un entero entre ${min} y ${max}`,
    porDefecto: opciones.porDefecto,
    analizar: (t) => {
      if (!/^-?\d+$/.test(t)) return undefined;
      const n = Number(t);
      return n >= min && n <= max ? n : undefined;
    },
  };
}

/**
 * HOST_ESCUCHA: the address the public listeners (gRPC API, metrics) bind. 127.0.0.1 unless told
 * otherwise: a developer's machine must not expose the APIs to its network; the chart sets 0.0.0.0
 * (the kubelet's probes and the Services reach the pod's address).
 */
export function hostEscucha(nombre = 'HOST_ESCUCHA'): Variable<string> {
  return {
    nombre,
    esperado: 'una dirección IPv4 o IPv6 literal (127.0.0.1 por defecto; 0.0.0.0 en un pod)',
    porDefecto: '127.0.0.1',
    analizar: (t) => (isIP(t) ? t : undefined),
  };
}

/** host:port for a listener, with brackets around an IPv6 host. */
export function direccionDeEscucha(host: string, puerto: number): string {
  return isIP(host) === 6 ? `[${host}]:${puerto}` : `${host}:${puerto}`;
}

/** A TCP port 0..65535 (0 = any free port). */
export function puerto(nombre: string, opciones: { porDefecto?: number } = {}): Variable<number> {
  return {
    ...entero(nombre, { min: 0, max: 65535, ...opciones }),
    esperado: 'un puerto TCP entre 0 y 65535',
  };
}

/** A URL whose scheme is one of `protocolos` (e.g. ['postgres:', 'postgresql:']). */
export function url(
  nombre: string,
  opciones: { protocolos?: string[]; porDefecto?: string } = {},
): Variable<string> {
  const protocolos = opciones.protocolos ?? ['http:', 'https:'];
  return {
    nombre,
    esperado: `una URL ${protocolos.map((p) => p + '//…').join(' o ')}`,
    porDefecto: opciones.porDefecto,
    analizar: (t) => {
      try {
        return protocolos.includes(new URL(t).protocol) ? t : undefined;
      } catch {
        return undefined;
      }
    },
  };
}

/** One of a fixed list of values (case-sensitive). */
export function enumerado<T extends string>(
  nombre: string,
  valores: readonly T[],
  opciones: { porDefecto?: T } = {},
): Variable<T> {
  return {
    nombre,
    esperado: `uno de ${valores.join(', ')}`,
    porDefecto: opciones.porDefecto,
    analizar: (t) => ((valores as readonly string[]).includes(t) ? (t as T) : undefined),
  };
}

/** true/false (also 1/0). */
export function booleano(nombre: string, opciones: { porDefecto?: boolean } = {}): Variable<boolean> {
  return {
    nombre,
    esperado: 'true o false',
    porDefecto: opciones.porDefecto,
    analizar: (t) => BOOLEANOS[t.toLowerCase()],
  };
}

const BOOLEANOS: Record<string, boolean> = { true: true, '1': true, false: false, '0': false };
