// `npm run drill -- <name> [--target local|k8s] [options]` -> a drill plan, or an ErrorDeUso
// naming the flag at fault.
import * as fs from 'node:fs';
import { parseArgs } from 'node:util';
import { entero, ErrorDeUso, exponenteDe, numero } from '@alpes/cli';
import { CONFIG_K8S_POR_OMISION, type ConfigK8s } from './objetivos/k8s';
import {
  archivoTokenControlPorOmision,
  archivoTokensDaprPorOmision,
  direccionesLocales,
  tokenControlLocal,
  tokenDaprLocal,
  urlControlPorOmision,
} from './objetivos/local';
import { COMPONENTES, esComponente, type Direcciones } from './objetivos/objetivo';
import type { OpcionesSimulacro } from './simulacros/ejecucion';
import { TIPOS_VENENO } from './simulacros/venenos';

export const SIMULACROS = ['load', 'failover', 'outage', 'poison'] as const;
export type NombreSimulacro = (typeof SIMULACROS)[number];
const ALIAS: Record<string, NombreSimulacro> = {
  carga: 'load',
  conmutacion: 'failover',
  caida: 'outage',
  veneno: 'poison',
};

export interface Plan {
  simulacro: NombreSimulacro;
  objetivo: 'local' | 'k8s';
  opciones: OpcionesSimulacro;
  /** Local target: addresses and control API; k8s: kubectl config (addresses via port-forward). */
  direcciones: Direcciones;
  urlControl: string;
  k8s: ConfigK8s;
  /** Local target: daprd's DAPR_API_TOKEN (never printed nor written to the report). */
  tokenDapr?: string;
  /** Bearer of the local process-control API (local target only). */
  tokenControl?: string;
}

const OPCIONES = {
  target: { type: 'string' },
  objetivo: { type: 'string' },
  corto: { type: 'boolean' },
  tasa: { type: 'string' },
  duracion: { type: 'string' },
  concurrencia: { type: 'string' },
  cerrado: { type: 'boolean' },
  plazo: { type: 'string' },
  'plazo-rpc-ms': { type: 'string' },
  moneda: { type: 'string' },
  informes: { type: 'string' },
  componentes: { type: 'string' },
  'caido-ms': { type: 'string' },
  'entre-fallas': { type: 'string' },
  venenos: { type: 'string' },
  'tipos-veneno': { type: 'string' },
  pagos: { type: 'string' },
  liquidacion: { type: 'string' },
  pasarela: { type: 'string' },
  'pulsar-admin': { type: 'string' },
  'dapr-http': { type: 'string' },
  'app-callback-pagos': { type: 'string' },
  'app-callback-liquidacion': { type: 'string' },
  'tokens-dapr': { type: 'string' },
  'token-control': { type: 'string' },
  control: { type: 'string' },
  'k8s-namespace': { type: 'string' },
  'k8s-contexto': { type: 'string' },
  'k8s-config': { type: 'string' },
  ayuda: { type: 'boolean', short: 'h' },
} as const;

export const AYUDA = `uso: npm run drill -- <simulacro> [opciones]

simulacros:
  load      carga a tasa fija (lazo abierto) o lazo cerrado; latencias, asentamiento, estados finales
  failover  durante la carga, kill -9 y reinicio de cada componente; recuperación por falla
  outage    pasarela bloqueada -> FALLIDO; permitir; reintento masivo -> todos PAGADO una sola vez
  poison    eventos inválidos directo al tópico -> dead letter sin bucles; los válidos siguen

opciones:
  --target local|k8s          dónde (local: npm start y su API de control; k8s: kubectl)
  --corto                     versión de ~15-30 s para CI (failover: según los reinicios)
  --tasa <n>                  solicitudes por segundo (lazo abierto)
  --duracion <s>              segundos de carga (load, outage, poison)
  --concurrencia <n>          máximo en vuelo (abierto) o trabajadores (--cerrado); 256
  --cerrado                   lazo cerrado en lugar de abierto
  --plazo <s>                 plazo para que todo pago llegue a estado terminal
  --plazo-rpc-ms <ms>         plazo de cada SolicitarPago (5000)
  --moneda <ISO>              moneda de los pagos (COP)
  --informes <dir>            dónde escribir JSON y HTML (informes)
  --componentes a,b           failover: ${COMPONENTES.join(',')}
  --caido-ms <ms>             failover: tiempo que cada componente queda caído
  --entre-fallas <s>          failover: pausa antes de y entre fallas
  --venenos <n>               poison: mensajes por tipo
  --tipos-veneno a,b          poison: ${TIPOS_VENENO.join(',')}
  --pagos/--liquidacion host:puerto, --pasarela/--pulsar-admin/--dapr-http/--control url  (local)
  --app-callback-pagos/--app-callback-liquidacion host:puerto   AppCallback de cada servicio (local)
  --tokens-dapr <archivo>     tokens de Dapr de npm start (.entorno/tokens-dapr.json; o ALPES_DAPR_API_TOKEN)
  --token-control <archivo>   token de la API de control de npm start (.entorno/token-control; o ALPES_TOKEN_CONTROL)
  --k8s-contexto <ctx>        k8s: obligatorio (nunca el contexto actual de kubectl por omisión)
  --k8s-namespace, --k8s-config <json>  (k8s; el JSON se mezcla sobre los nombres del chart)

salida: informes/<simulacro>-<fecha>.json y .html; código 0 si todas las invariantes se cumplen,
1 si alguna se incumple, 2 uso incorrecto, 3 el simulacro no pudo ejecutarse (sistema inalcanzable).`;

type Valores = {
  [K in keyof typeof OPCIONES]?: (typeof OPCIONES)[K]['type'] extends 'boolean' ? boolean : string;
};

export function analizar(argv: string[], env: NodeJS.ProcessEnv): Plan | 'ayuda' {
  let valores: Valores;
  let posicionales: string[];
  try {
    const r = parseArgs({ args: argv, options: OPCIONES, allowPositionals: true });
    valores = r.values as Valores;
    posicionales = r.positionals;
  } catch (error) {
    const mensaje = error instanceof Error ? error.message : String(error);
    throw new ErrorDeUso(mensaje.split('\n')[0] ?? mensaje, /'(-[^' ]+)/.exec(mensaje)?.[1]);
  }
  if (valores.ayuda || posicionales.length === 0) return 'ayuda';
  const [nombre, ...resto] = posicionales;
  const simulacro = ALIAS[nombre as string] ?? (nombre as NombreSimulacro);
  if (!SIMULACROS.includes(simulacro)) {
    throw new ErrorDeUso(`simulacro desconocido: "${nombre}" (${SIMULACROS.join(', ')})`, nombre);
  }
  if (resto.length) throw new ErrorDeUso(`sobran argumentos: ${resto.join(' ')}`, resto[0]);
  const objetivo = valores.target ?? valores.objetivo ?? 'local';
  if (objetivo !== 'local' && objetivo !== 'k8s') {
    throw new ErrorDeUso(`--target debe ser local o k8s, no "${objetivo}"`, '--target');
  }
  const corto = valores.corto === true;
  const d = PREDETERMINADOS[simulacro](corto);
  const moneda = valores.moneda ?? 'COP';
  if (exponenteDe(moneda) === undefined) throw new ErrorDeUso(`--moneda desconocida: ${moneda}`, '--moneda');
  const componentes = lista(valores.componentes, [...COMPONENTES]);
  for (const c of componentes) {
    if (!esComponente(c))
      throw new ErrorDeUso(`--componentes: "${c}" no es uno de ${COMPONENTES.join(', ')}`, '--componentes');
  }
  const tiposVeneno = lista(valores['tipos-veneno'], [...TIPOS_VENENO]);
  for (const t of tiposVeneno) {
    if (!(TIPOS_VENENO as readonly string[]).includes(t)) {
      throw new ErrorDeUso(
        `--tipos-veneno: "${t}" no es uno de ${TIPOS_VENENO.join(', ')}`,
        '--tipos-veneno',
      );
    }
  }
  const opciones: OpcionesSimulacro = {
    corto,
    tasa: numero(valores.tasa, '--tasa', 0.1, 100_000) ?? d.tasa,
    duracionS: numero(valores.duracion, '--duracion', 1, 86_400) ?? d.duracionS,
    concurrencia: entero(valores.concurrencia, '--concurrencia', 1, 10_000) ?? 256,
    cerrado: valores.cerrado === true,
    plazoS: numero(valores.plazo, '--plazo', 1, 86_400) ?? d.plazoS,
    plazoRpcMs: entero(valores['plazo-rpc-ms'], '--plazo-rpc-ms', 1, 600_000) ?? 5000,
    moneda,
    informes: valores.informes ?? 'informes',
    componentes: componentes as OpcionesSimulacro['componentes'],
    caidoMs: entero(valores['caido-ms'], '--caido-ms', 0, 600_000) ?? d.caidoMs,
    entreFallasS: numero(valores['entre-fallas'], '--entre-fallas', 0, 3600) ?? d.entreFallasS,
    venenos: entero(valores.venenos, '--venenos', 1, 10_000) ?? d.venenos,
    tiposVeneno,
  };
  const locales = direccionesLocales(env);
  const direcciones: Direcciones = {
    pagos: valores.pagos ?? locales.pagos,
    liquidacion: valores.liquidacion ?? locales.liquidacion,
    pasarela: valores.pasarela ?? locales.pasarela,
    pulsarAdmin: valores['pulsar-admin'] ?? locales.pulsarAdmin,
    daprHttp: valores['dapr-http'] ?? locales.daprHttp,
    appCallbacks: {
      pagos: valores['app-callback-pagos'] ?? locales.appCallbacks!.pagos,
      liquidacion: valores['app-callback-liquidacion'] ?? locales.appCallbacks!.liquidacion,
    },
  };
  const tokenDapr =
    objetivo === 'local'
      ? tokenDaprLocal(env, valores['tokens-dapr'] ?? archivoTokensDaprPorOmision(env))
      : undefined;
  const tokenControl =
    objetivo === 'local'
      ? tokenControlLocal(env, valores['token-control'] ?? archivoTokenControlPorOmision(env))
      : undefined;
  const k8s = configK8s(valores);
  // a drill kills pods: never against whatever context kubectl happens to point at
  if (objetivo === 'k8s' && !k8s.contexto) {
    throw new ErrorDeUso(
      '--target k8s necesita --k8s-contexto <contexto> (o "contexto" en --k8s-config): el simulacro mata pods y no se ejecuta contra el contexto actual de kubectl por omisión',
      '--k8s-contexto',
    );
  }
  return {
    simulacro,
    objetivo,
    opciones,
    direcciones,
    urlControl: valores.control ?? urlControlPorOmision(env),
    k8s,
    ...(tokenDapr ? { tokenDapr } : {}),
    ...(tokenControl ? { tokenControl } : {}),
  };
}

interface Predeterminados {
  tasa: number;
  duracionS: number;
  plazoS: number;
  caidoMs: number;
  entreFallasS: number;
  venenos: number;
}

// load's full rate, 200/s, is one the reference 2-core machine settles with the whole stack on it (~260
// settled/s, packages/simulacros/BENCH.md); higher --tasa values measure saturation.
const PREDETERMINADOS: Record<NombreSimulacro, (corto: boolean) => Predeterminados> = {
  load: (c) => ({ tasa: c ? 100 : 200, duracionS: c ? 15 : 60, plazoS: c ? 60 : 120, caidoMs: 0, entreFallasS: 0, venenos: 0 }),
  failover: (c) => ({ tasa: c ? 50 : 100, duracionS: 0, plazoS: c ? 120 : 180, caidoMs: c ? 1000 : 3000, entreFallasS: c ? 3 : 10, venenos: 0 }),
  outage: (c) => ({ tasa: c ? 20 : 100, duracionS: c ? 5 : 20, plazoS: c ? 120 : 180, caidoMs: 0, entreFallasS: 0, venenos: 0 }),
  poison: (c) => ({ tasa: c ? 50 : 100, duracionS: c ? 12 : 30, plazoS: c ? 60 : 120, caidoMs: 0, entreFallasS: 0, venenos: c ? 3 : 10 }),
}; // prettier-ignore

function configK8s(v: Valores): ConfigK8s {
  let base: ConfigK8s = CONFIG_K8S_POR_OMISION;
  if (v['k8s-config']) {
    try {
      const propio = JSON.parse(fs.readFileSync(v['k8s-config'], 'utf8')) as Partial<ConfigK8s>;
      base = {
        ...base,
        ...propio,
        cargas: { ...base.cargas, ...propio.cargas },
        reenvios: { ...base.reenvios, ...propio.reenvios },
      };
    } catch (error) {
      throw new ErrorDeUso(`--k8s-config: ${(error as Error).message}`, '--k8s-config');
    }
  }
  return {
    ...base,
    namespace: v['k8s-namespace'] ?? base.namespace,
    contexto: v['k8s-contexto'] ?? base.contexto,
  };
}

function lista(valor: string | undefined, omision: string[]): string[] {
  return valor === undefined
    ? omision
    : valor
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
}
