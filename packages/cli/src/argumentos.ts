// Command line -> a typed invocation, or an ErrorDeUso naming the flag at fault. Nothing is sent
// to any service before the whole command line is valid.
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { pagos, liquidacion } from '@alpes/contratos';
import { ErrorDeUso } from './codigos-salida';
import { COMANDOS, OPCIONES_GLOBALES, buscarComando, type EspecOpcion } from './comandos-especificacion';
import { analizarMonto } from './dinero';
import { direccionesPorOmision } from './direcciones';
import { entero } from './opciones-numericas';

export interface OpcionesGlobales {
  pagos: string;
  liquidacion: string;
  pasarela: string;
  json: boolean;
  plazoMs: number;
}

export type Comando =
  | {
      comando: 'pagos solicitar';
      solicitud: pagos.SolicitarPagoRequest;
      /** True when the CLI made up the idempotency key (it is then printed). */
      claveGenerada: boolean;
    }
  | { comando: 'pagos obtener'; idPago: string }
  | { comando: 'pagos listar'; filtro: pagos.ListarPagosRequest; todas: boolean }
  | { comando: 'pagos reintentar'; idPago: string }
  | {
      comando: 'pagos reintentar-fallidos';
      idInfluencer: string;
      concurrencia: number;
      tamanoPagina: number;
      simular: boolean;
    }
  | { comando: 'liquidaciones obtener'; idPago: string }
  | { comando: 'liquidaciones listar'; filtro: liquidacion.ListarLiquidacionesRequest; todas: boolean }
  | { comando: 'pasarela bloquear' }
  | { comando: 'pasarela permitir' }
  | { comando: 'pasarela estado' }
  | {
      comando: 'pasarela fallas';
      nuevas?: { tasa_error: number; latencia_ms: number; rechazar_influencers: string[] };
    }
  | { comando: 'pasarela transferencias'; idPago?: string };

export type Invocacion = { global: OpcionesGlobales } & Comando;
export type Analisis =
  { tipo: 'ayuda'; grupo?: string; accion?: string } | ({ tipo: 'comando' } & Invocacion);

type Valores = Record<string, string | boolean | undefined>;

function configuracionParseArgs(opciones: Record<string, EspecOpcion>) {
  return Object.fromEntries(
    Object.entries(opciones).map(([nombre, o]) => [
      nombre,
      { type: o.tipo, ...(o.corta ? { short: o.corta } : {}) } as const,
    ]),
  );
}

/** Every flag of every command: the first pass uses them only to tell flag values from words. */
const TODAS_LAS_OPCIONES: Record<string, EspecOpcion> = Object.assign(
  {},
  OPCIONES_GLOBALES,
  ...COMANDOS.map((c) => c.opciones),
);

export function analizarArgumentos(argv: string[], env: NodeJS.ProcessEnv = {}): Analisis {
  const palabras = primerasPalabras(argv);
  const [grupo, accion, ...resto] = palabras;
  const pideAyuda = argv.includes('--ayuda') || argv.includes('-h') || argv.includes('--help');
  if (!grupo || grupo === 'ayuda' || (pideAyuda && !accion)) return { tipo: 'ayuda', grupo };
  if (!COMANDOS.some((c) => c.grupo === grupo)) {
    throw new ErrorDeUso(`grupo de comandos desconocido: "${grupo}" (pagos, liquidaciones, pasarela)`, grupo);
  }
  if (!accion) throw new ErrorDeUso(`falta el comando de "${grupo}"`, grupo);
  const espec = buscarComando(grupo, accion);
  if (!espec) {
    const validas = COMANDOS.filter((c) => c.grupo === grupo).map((c) => c.accion);
    throw new ErrorDeUso(`comando desconocido: "${grupo} ${accion}" (${validas.join(', ')})`, accion);
  }
  if (pideAyuda) return { tipo: 'ayuda', grupo, accion };

  const valores = analizarEstricto(argv, { ...OPCIONES_GLOBALES, ...espec.opciones });
  if (espec.posicional === undefined && resto.length > 0) {
    throw new ErrorDeUso(`"${grupo} ${accion}" no recibe argumentos sueltos: "${resto.join(' ')}"`, resto[0]);
  }
  if (espec.posicional !== undefined) {
    if (resto.length === 0)
      throw new ErrorDeUso(`falta el argumento <${espec.posicional}>`, espec.posicional);
    if (resto.length > 1) throw new ErrorDeUso(`sobran argumentos: "${resto.slice(1).join(' ')}"`, resto[1]);
  }
  const global = globales(valores, env);
  const comando = construir(`${grupo} ${accion}`, valores, resto[0] ?? '');
  return { tipo: 'comando', global, ...comando };
}

/** Words (not flags, not flag values) in order: group, action, positional arguments. */
function primerasPalabras(argv: string[]): string[] {
  const { tokens } = parseArgs({
    args: argv,
    options: configuracionParseArgs(TODAS_LAS_OPCIONES),
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  return tokens.filter((t) => t.kind === 'positional').map((t) => (t as { value: string }).value);
}

function analizarEstricto(argv: string[], opciones: Record<string, EspecOpcion>): Valores {
  try {
    return parseArgs({ args: argv, options: configuracionParseArgs(opciones), allowPositionals: true })
      .values as Valores;
  } catch (error) {
    const mensaje = error instanceof Error ? error.message : String(error);
    const opcion = /'(-[^' ]+)/.exec(mensaje)?.[1];
    if (opcion && /Unknown option/i.test(mensaje)) {
      throw new ErrorDeUso(`opción desconocida para este comando: ${opcion}`, opcion);
    }
    if (opcion && /ambiguous/i.test(mensaje)) {
      throw new ErrorDeUso(`el valor de ${opcion} empieza con "-": escríbalo como ${opcion}=<valor>`, opcion);
    }
    if (opcion && /argument missing/i.test(mensaje)) {
      throw new ErrorDeUso(`a la opción ${opcion} le falta su valor`, opcion);
    }
    throw new ErrorDeUso(mensaje.split('\n')[0] ?? mensaje, opcion);
  }
}

function globales(v: Valores, env: NodeJS.ProcessEnv): OpcionesGlobales {
  const omision = direccionesPorOmision(env);
  return {
    pagos: direccionGrpc(texto(v, 'pagos') ?? omision.pagos, '--pagos'),
    liquidacion: direccionGrpc(texto(v, 'liquidacion') ?? omision.liquidacion, '--liquidacion'),
    pasarela: urlHttp(texto(v, 'pasarela') ?? omision.pasarela, '--pasarela'),
    json: v.json === true,
    plazoMs: entero(texto(v, 'plazo-ms'), '--plazo-ms', 1, 3_600_000) ?? 10_000,
  };
}

function construir(comando: string, v: Valores, posicional: string): Comando {
  switch (comando) {
    case 'pagos solicitar':
      return solicitar(v);
    case 'pagos obtener':
    case 'pagos reintentar':
    case 'liquidaciones obtener':
      return { comando, idPago: noVacio(posicional, '<id_pago>') };
    case 'pagos listar':
      return {
        comando,
        filtro: pagos.ListarPagosRequest.fromPartial({
          estado: estadoPago(texto(v, 'estado')),
          idInfluencer: texto(v, 'influencer') ?? '',
          pageSize: entero(texto(v, 'tamano'), '--tamano', 1, 500) ?? 0,
          pageToken: texto(v, 'pagina') ?? '',
        }),
        todas: v.todas === true,
      };
    case 'pagos reintentar-fallidos':
      return {
        comando,
        idInfluencer: texto(v, 'influencer') ?? '',
        concurrencia: entero(texto(v, 'concurrencia'), '--concurrencia', 1, 256) ?? 8,
        tamanoPagina: entero(texto(v, 'tamano'), '--tamano', 1, 500) ?? 500,
        simular: v.simular === true,
      };
    case 'liquidaciones listar':
      return {
        comando,
        filtro: liquidacion.ListarLiquidacionesRequest.fromPartial({
          estado: estadoLiquidacion(texto(v, 'estado')),
          pageSize: entero(texto(v, 'tamano'), '--tamano', 1, 500) ?? 0,
          pageToken: texto(v, 'pagina') ?? '',
        }),
        todas: v.todas === true,
      };
    case 'pasarela bloquear':
    case 'pasarela permitir':
    case 'pasarela estado':
      return { comando };
    case 'pasarela fallas':
      return fallas(v);
    case 'pasarela transferencias':
      return { comando, idPago: texto(v, 'pago') };
  }
  throw new ErrorDeUso(`comando sin implementar: ${comando}`);
}

function solicitar(v: Valores): Comando {
  const moneda = obligatorio(v, 'moneda');
  if (!/^[A-Z]{3}$/.test(moneda)) {
    throw new ErrorDeUso(
      `--moneda debe ser un código ISO-4217 en mayúsculas (ej. COP), no "${moneda}"`,
      '--moneda',
    );
  }
  const monto = texto(v, 'monto');
  const menores = texto(v, 'unidades-menores');
  if ((monto === undefined) === (menores === undefined)) {
    throw new ErrorDeUso('indique el monto con --monto o con --unidades-menores (uno de los dos)', '--monto');
  }
  let unidadesMenores: bigint;
  if (menores !== undefined) {
    if (!/^\d+$/.test(menores)) {
      throw new ErrorDeUso(
        `--unidades-menores debe ser un entero sin signo, no "${menores}"`,
        '--unidades-menores',
      );
    }
    unidadesMenores = BigInt(menores);
  } else {
    try {
      unidadesMenores = analizarMonto(monto as string, moneda);
    } catch (error) {
      throw new ErrorDeUso(`--monto: ${(error as Error).message}`, '--monto');
    }
  }
  const clave = texto(v, 'clave');
  return {
    comando: 'pagos solicitar',
    solicitud: {
      claveIdempotencia: clave ?? randomUUID(),
      idInfluencer: obligatorio(v, 'influencer'),
      monto: { moneda, unidadesMenores },
      idPrograma: texto(v, 'programa') ?? '',
      referencia: texto(v, 'referencia') ?? '',
    },
    claveGenerada: clave === undefined,
  };
}

function fallas(v: Valores): Comando {
  const tasa = texto(v, 'tasa-error');
  const latencia = texto(v, 'latencia-ms');
  const rechazar = texto(v, 'rechazar');
  const alguna = tasa !== undefined || latencia !== undefined || rechazar !== undefined;
  if (v.ninguna === true && alguna) {
    throw new ErrorDeUso(
      '--ninguna no se combina con --tasa-error, --latencia-ms ni --rechazar',
      '--ninguna',
    );
  }
  if (!alguna && v.ninguna !== true) return { comando: 'pasarela fallas' };
  let tasaError = 0;
  if (tasa !== undefined) {
    tasaError = Number(tasa);
    if (!/^\d*\.?\d+$/.test(tasa) || tasaError > 1) {
      throw new ErrorDeUso(`--tasa-error debe ser un número entre 0 y 1, no "${tasa}"`, '--tasa-error');
    }
  }
  return {
    comando: 'pasarela fallas',
    nuevas: {
      tasa_error: tasaError,
      latencia_ms: entero(latencia, '--latencia-ms', 0, 600_000) ?? 0,
      rechazar_influencers: (rechazar ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    },
  };
}

const ESTADOS_PAGO: Record<string, pagos.EstadoPago> = {
  solicitado: pagos.EstadoPago.ESTADO_PAGO_SOLICITADO,
  pagado: pagos.EstadoPago.ESTADO_PAGO_PAGADO,
  rechazado: pagos.EstadoPago.ESTADO_PAGO_RECHAZADO,
  fallido: pagos.EstadoPago.ESTADO_PAGO_FALLIDO,
};
const ESTADOS_LIQUIDACION: Record<string, liquidacion.EstadoLiquidacion> = {
  'en-proceso': liquidacion.EstadoLiquidacion.ESTADO_LIQUIDACION_EN_PROCESO,
  exitosa: liquidacion.EstadoLiquidacion.ESTADO_LIQUIDACION_EXITOSA,
  rechazada: liquidacion.EstadoLiquidacion.ESTADO_LIQUIDACION_RECHAZADA,
  fallida: liquidacion.EstadoLiquidacion.ESTADO_LIQUIDACION_FALLIDA,
};

function estadoPago(valor: string | undefined): pagos.EstadoPago {
  return deTabla(valor, ESTADOS_PAGO, '--estado', pagos.EstadoPago.ESTADO_PAGO_UNSPECIFIED);
}

function estadoLiquidacion(valor: string | undefined): liquidacion.EstadoLiquidacion {
  return deTabla(
    valor,
    ESTADOS_LIQUIDACION,
    '--estado',
    liquidacion.EstadoLiquidacion.ESTADO_LIQUIDACION_UNSPECIFIED,
  );
}

function deTabla<T>(valor: string | undefined, tabla: Record<string, T>, opcion: string, omision: T): T {
  if (valor === undefined) return omision;
  const encontrado = tabla[valor.toLowerCase()];
  if (encontrado === undefined) {
    throw new ErrorDeUso(`${opcion} debe ser uno de ${Object.keys(tabla).join('|')}, no "${valor}"`, opcion);
  }
  return encontrado;
}

function texto(v: Valores, nombre: string): string | undefined {
  const valor = v[nombre];
  return typeof valor === 'string' ? valor : undefined;
}

function obligatorio(v: Valores, nombre: string): string {
  return noVacio(texto(v, nombre) ?? '', `--${nombre}`);
}

function noVacio(valor: string, nombre: string): string {
  if (valor.trim() === '') throw new ErrorDeUso(`falta ${nombre}`, nombre);
  return valor;
}

function direccionGrpc(valor: string, opcion: string): string {
  if (!/^[^\s/:]+:\d{1,5}$/.test(valor) && !/^\[[0-9a-fA-F:]+\]:\d{1,5}$/.test(valor)) {
    throw new ErrorDeUso(`${opcion} debe ser host:puerto (ej. 127.0.0.1:50051), no "${valor}"`, opcion);
  }
  return valor;
}

function urlHttp(valor: string, opcion: string): string {
  let url: URL;
  try {
    url = new URL(valor);
  } catch {
    throw new ErrorDeUso(
      `${opcion} debe ser una URL http(s) (ej. http://127.0.0.1:4010), no "${valor}"`,
      opcion,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ErrorDeUso(`${opcion} debe ser una URL http(s), no "${valor}"`, opcion);
  }
  return valor;
}
