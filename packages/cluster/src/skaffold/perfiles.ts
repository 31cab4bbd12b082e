// Profiles the way skaffold applies them (pkg/skaffold/schema/profiles.go): the auto-activated
// ones (activation: kubeContext / env / command, regular expressions, `!` negates) in file order,
// then those named with -p (`-p -name` deactivates). Each is overlaid field by field on the
// pipeline, following the Go types: value structs (build, deploy, deploy.logs, …) merge key by
// key; pointers, lists and scalars set in the profile replace the base's whole; a one-of group
// (the tag policy; local / googleCloudBuild / cluster) is replaced by the profile's choice.
import { ErrorEntorno } from '@alpes/entorno';
import { noEmulado } from './soporte';
import type { ActivacionSkaffold, ConfigSkaffold, Objeto, PerfilSkaffold } from './tipos';

export interface OpcionesPerfiles {
  /** Profiles named on the command line (`-p kind`); `-name` deactivates an auto-activated one. */
  nombrados: string[];
  /** The current kube context (what skaffold reads from the kubeconfig). */
  contexto: string;
  /** For activation.env. */
  entorno: Record<string, string | undefined>;
  /** skaffold's command, for activation.command: `run`. */
  comando?: string;
}

const CAMPOS_PIPELINE = [
  'build',
  'test',
  'manifests',
  'deploy',
  'portForward',
  'resourceSelector',
  'verify',
  'customActions',
];

/** Struct fields that merge key by key (Go value structs); the rest replace when set. */
type Forma = { campos?: Record<string, Forma>; unoDe?: string[][] };
const FORMA_PIPELINE: Forma = {
  campos: {
    build: {
      campos: { hooks: {} },
      unoDe: [
        ['gitCommit', 'sha256', 'envTemplate', 'dateTime', 'customTemplate', 'inputDigest'].map(
          (t) => `tagPolicy.${t}`,
        ),
        ['local', 'googleCloudBuild', 'cluster'],
      ],
    },
    manifests: { campos: { hooks: {} } },
    deploy: { campos: { logs: { campos: { jsonParse: {} } } } },
    resourceSelector: {},
  },
};

export function perfilesActivados(
  config: ConfigSkaffold,
  o: OpcionesPerfiles,
): { activados: string[]; porContexto: string[] } {
  const perfiles = config.profiles ?? [];
  const activados: string[] = [];
  const porContexto: string[] = [];
  for (const perfil of perfiles) {
    const condiciones = perfil.activation ?? [];
    if (!condiciones.length) continue;
    const cumple = (c: ActivacionSkaffold) => condicionCumplida(c, o);
    const activo = perfil.requiresAllActivations ? condiciones.every(cumple) : condiciones.some(cumple);
    if (!activo) continue;
    activados.push(perfil.name);
    if (condiciones.some((c) => c.kubeContext && cumple(c))) porContexto.push(perfil.name);
  }
  for (const nombre of o.nombrados) {
    if (nombre.startsWith('-')) {
      const quitar = nombre.slice(1);
      activados.splice(0, activados.length, ...activados.filter((n) => n !== quitar));
    } else if (!activados.includes(nombre)) {
      activados.push(nombre);
    }
  }
  return { activados, porContexto: porContexto.filter((n) => activados.includes(n)) };
}

function condicionCumplida(c: ActivacionSkaffold, o: OpcionesPerfiles): boolean {
  const comando = !c.command || igualRegex(c.command, o.comando ?? 'run');
  const contexto = !c.kubeContext || igualRegex(c.kubeContext, o.contexto);
  return comando && contexto && entornoCumplido(c.env, o.entorno);
}

function entornoCumplido(env: string | undefined, entorno: Record<string, string | undefined>): boolean {
  if (!env) return true;
  const igual = env.indexOf('=');
  if (igual < 0) throw new ErrorEntorno(`profile activation env "${env}" must be KEY=VALUE`);
  const valor = entorno[env.slice(0, igual)] ?? '';
  const esperado = env.slice(igual + 1);
  return esperado === '' ? valor === '' : igualRegex(esperado, valor);
}

/** skaffold's util.RegexEqual: exact, else an unanchored regular expression; `!` negates. */
export function igualRegex(esperado: string, real: string): boolean {
  if (esperado.startsWith('!')) return !coincide(esperado.slice(1), real);
  return coincide(esperado, real);
}

function coincide(esperado: string, real: string): boolean {
  if (esperado === real) return true;
  try {
    return new RegExp(esperado).test(real);
  } catch {
    return false;
  }
}

/** The pipeline (build, deploy, portForward, …) with the activated profiles overlaid in order. */
export function aplicarPerfiles(
  config: ConfigSkaffold,
  o: OpcionesPerfiles,
): { pipeline: Objeto; perfiles: string[]; porContexto: string[] } {
  const { activados, porContexto } = perfilesActivados(config, o);
  const porNombre = new Map((config.profiles ?? []).map((p) => [p.name, p]));
  let pipeline: Objeto = {};
  for (const [clave, valor] of Object.entries(config)) {
    if (clave !== 'profiles') pipeline[clave] = valor;
  }
  for (const nombre of activados) {
    const perfil = porNombre.get(nombre);
    if (!perfil) {
      const hay = [...porNombre.keys()].join(', ') || 'none';
      throw new ErrorEntorno(`couldn't find profile ${nombre} in skaffold.yaml (profiles: ${hay})`);
    }
    pipeline = aplicarPerfil(pipeline, perfil);
  }
  return { pipeline, perfiles: activados, porContexto };
}

function aplicarPerfil(pipeline: Objeto, perfil: PerfilSkaffold): Objeto {
  if (perfil.patches?.length) throw noEmulado(`profile "${perfil.name}" patches (JSON patches)`);
  const capa: Objeto = {};
  for (const campo of CAMPOS_PIPELINE) if (campo in perfil) capa[campo] = perfil[campo];
  return superponer(pipeline, capa, FORMA_PIPELINE);
}

/** overlayProfileField: zero values (absent, empty list, "", 0) keep the base. */
function superponer(base: Objeto, capa: Objeto, forma: Forma): Objeto {
  const resultado: Objeto = { ...base };
  const enGrupo = new Set((forma.unoDe ?? []).flat());
  for (const grupo of forma.unoDe ?? []) superponerUnoDe(resultado, capa, grupo);
  for (const [clave, valor] of Object.entries(capa)) {
    if (enGrupo.has(clave) || [...enGrupo].some((g) => g.startsWith(`${clave}.`))) continue;
    const sub = forma.campos?.[clave];
    if (sub && esObjeto(valor)) {
      resultado[clave] = superponer(
        esObjeto(base[clave]) ? (base[clave] as Objeto) : {},
        valor as Objeto,
        sub,
      );
    } else if (!esCero(valor)) {
      resultado[clave] = valor;
    }
  }
  return resultado;
}

/** overlayOneOfField: the first member the profile sets wins, and the others are dropped. */
function superponerUnoDe(resultado: Objeto, capa: Objeto, grupo: string[]): void {
  const [contenedor] = grupo[0]!.includes('.') ? grupo[0]!.split('.') : [undefined];
  const miembros = grupo.map((g) => (contenedor ? g.slice(contenedor.length + 1) : g));
  const origen = contenedor ? capa[contenedor] : capa;
  if (!esObjeto(origen)) return;
  const elegido = miembros.find((m) => (origen as Objeto)[m] !== undefined && (origen as Objeto)[m] !== null);
  if (!elegido) return;
  if (contenedor) {
    resultado[contenedor] = { [elegido]: (origen as Objeto)[elegido] };
  } else {
    for (const m of miembros) delete resultado[m];
    resultado[elegido] = (origen as Objeto)[elegido];
  }
}

const esObjeto = (v: unknown): v is Objeto => typeof v === 'object' && v !== null && !Array.isArray(v);
const esCero = (v: unknown) =>
  v === undefined || v === null || v === '' || v === 0 || (Array.isArray(v) && v.length === 0);
