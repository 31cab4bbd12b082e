import * as fs from 'node:fs';
import * as path from 'node:path';
import { postgres, pulsar, urlPostgres } from '../componentes';
import { aprovisionarTodo } from '../aprovisionamiento';
import { Supervisor } from '../procesos/supervisor';
import {
  DESPLAZAMIENTO_PRUEBAS_PREDETERMINADO,
  desplazamientoPruebas,
  Puertos,
  puertos,
} from '../puertos-locales';
import { recursosDapr } from '../recursos-dapr';
import { asegurarDir, DIR_ENTORNO } from '../rutas';
import { generarTokensDapr, guardarTokensDapr, type TokensDapr } from '../tokens-dapr';

/** A free TCP port on 127.0.0.1 (for per-test apps and sidecars). */
export { puertoLibre } from '@alpes/seedwork/pruebas';

// The real runtime for integration and end-to-end tests: Postgres and a Pulsar broker started
// once per test process (lazily: unit-only runs start nothing), on their own ports and data so
// `npm test` can run beside `npm start`. Tests add daprd sidecars and apps through the supervisor.

export interface EntornoDePrueba {
  supervisor: Supervisor;
  puertos: Puertos;
  dir: string;
  urlPostgresAdmin: string;
  urlAdminPulsar: string;
  /** Dapr resources (components/) pointing at the test broker. */
  recursos: string;
  /** This test run's Dapr API tokens (also in `<dir>/tokens-dapr.json`, mode 600). */
  tokens: TokensDapr;
}

interface Base {
  supervisor: Supervisor;
  puertos: Puertos;
  dir: string;
  datos: string;
  tokens: TokensDapr;
}

let base: Promise<Base> | undefined;
let conPostgres: Promise<Base> | undefined;
let enCurso: Promise<EntornoDePrueba> | undefined;

function iniciarBase(): Promise<Base> {
  base ??= (async () => {
    await aprovisionarTodo();
    const desplazamiento = desplazamientoPruebas();
    const dir = path.join(
      DIR_ENTORNO,
      desplazamiento === DESPLAZAMIENTO_PRUEBAS_PREDETERMINADO ? 'pruebas' : `pruebas-${desplazamiento}`,
    );
    const datos = path.join(dir, 'datos');
    fs.rmSync(datos, { recursive: true, force: true }); // every run starts from empty state
    asegurarDir(datos);
    const supervisor = new Supervisor(path.join(dir, 'registros'), 'pruebas');
    const tokens = generarTokensDapr();
    guardarTokensDapr(dir, tokens);
    return { supervisor, puertos: puertos(desplazamiento), dir, datos, tokens };
  })();
  return base;
}

/** Starts the test Postgres (once) and returns its admin URL. */
export async function postgresDePrueba(): Promise<string> {
  conPostgres ??= iniciarBase().then(async (b) => {
    await b.supervisor.iniciar(postgres(b.datos, b.puertos.postgres));
    return b;
  });
  const b = await conPostgres;
  return urlPostgres(b.puertos.postgres);
}

/** Postgres + Pulsar (once per test process). */
export function entornoDePrueba(): Promise<EntornoDePrueba> {
  enCurso ??= (async () => {
    const urlPostgresAdmin = await postgresDePrueba();
    const b = await iniciarBase();
    const p = b.puertos;
    await b.supervisor.iniciar(
      pulsar(b.datos, { binario: p.pulsar, admin: p.pulsarAdmin, bookie: p.pulsar + 1 }),
    );
    return {
      supervisor: b.supervisor,
      puertos: p,
      dir: b.dir,
      urlPostgresAdmin,
      urlAdminPulsar: `http://127.0.0.1:${p.pulsarAdmin}`,
      recursos: recursosDapr(path.join(b.dir, 'componentes'), p.pulsar),
      tokens: b.tokens,
    };
  })();
  return enCurso;
}

/** Stops what was started; mocha's global teardown calls it. */
export async function detenerEntornoDePrueba(): Promise<void> {
  if (!base) return;
  const b = await base.catch(() => undefined);
  await b?.supervisor.detenerTodo();
  base = conPostgres = enCurso = undefined;
}

/**
 * Polls `condicion` until it holds or the deadline passes (no sleeps as synchronisation). A function
 * `descripcion` is read at the timeout, so it can name the last value the condition saw.
 */
export async function esperarHasta(
  descripcion: string | (() => string),
  condicion: () => boolean | Promise<boolean>,
  plazoMs = 30_000,
  intervaloMs = 100,
): Promise<void> {
  const limite = Date.now() + plazoMs;
  while (!(await condicion())) {
    if (Date.now() > limite) {
      const que = typeof descripcion === 'function' ? descripcion() : descripcion;
      throw new Error(`timed out after ${plazoMs} ms waiting for: ${que}`);
    }
    await new Promise((r) => setTimeout(r, intervaloMs));
  }
}
