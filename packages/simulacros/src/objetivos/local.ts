// The local runtime (`npm start`) as a drill target. Crashes and restarts go through the process
// supervisor's control API (packages/entorno, procesos/control-http.ts):
//
//   GET  /procesos/<nombre>/estado     -> 200 {vivo, pid?, listoDesde?}   (listoDesde: ms epoch, set once ready)
//   POST /procesos/<nombre>/matar      -> 200 {vivo:false,...}            kill -9 of the process group; stays down
//   POST /procesos/<nombre>/reiniciar  -> 200 {vivo, pid, listoDesde, msHastaListo}   answers once ready
//   unknown name / action              -> 400 {error}
//
// on http://127.0.0.1:${ALPES_PUERTO_CONTROL ?? ALPES_CONTROL_PUERTO ?? 4099}. Names are the
// Componente values: liquidacion, daprd-liquidacion, pulsar, pagos, daprd-pagos, postgres.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ErrorConexion, ErrorHttp, causaDeFetch } from '@alpes/cliente-pasarela';
import { AccesoHttp } from './acceso-http';
import type { Componente, Direcciones, EstadisticasTopico, Objetivo } from './objetivo';

export interface EstadoProceso {
  vivo: boolean;
  pid?: number;
  /** When the process last passed its readiness probe (ms since epoch); absent while not ready. */
  listoDesde?: number;
}

/** The minimal control a drill needs over local processes. */
export interface ControlLocal {
  matar(nombre: string): Promise<EstadoProceso>;
  reiniciar(nombre: string): Promise<EstadoProceso>;
  estado(nombre: string): Promise<EstadoProceso>;
}

export function urlControlPorOmision(env: NodeJS.ProcessEnv): string {
  return `http://127.0.0.1:${env.ALPES_PUERTO_CONTROL || env.ALPES_CONTROL_PUERTO || 4099}`;
}

export class ControlLocalHttp implements ControlLocal {
  constructor(
    private readonly base: string,
    /** this run's token (npm start writes it to .entorno/token-control); undefined: the API answers 401 */
    private readonly token: string | undefined,
    /** reiniciar answers only once the process is ready: Pulsar can take a minute on 2 cores. */
    private readonly plazoReinicioMs = 300_000,
  ) {}

  matar(nombre: string): Promise<EstadoProceso> {
    return this.pedir('POST', nombre, 'matar', 30_000);
  }

  reiniciar(nombre: string): Promise<EstadoProceso> {
    return this.pedir('POST', nombre, 'reiniciar', this.plazoReinicioMs);
  }

  estado(nombre: string): Promise<EstadoProceso> {
    return this.pedir('GET', nombre, 'estado', 10_000);
  }

  private async pedir(
    metodo: string,
    nombre: string,
    accion: string,
    plazoMs: number,
  ): Promise<EstadoProceso> {
    const url = `${this.base}/procesos/${encodeURIComponent(nombre)}/${accion}`;
    let r: Response;
    try {
      r = await fetch(url, {
        method: metodo,
        headers: this.token ? { authorization: `Bearer ${this.token}` } : {},
        signal: AbortSignal.timeout(plazoMs),
      });
    } catch (error) {
      throw new ErrorConexion(
        'control',
        this.base,
        `${causaDeFetch(error, plazoMs)} (¿está corriendo npm start? su API de control de procesos escucha en ${this.base})`,
      );
    }
    const texto = await r.text();
    if (!r.ok)
      throw new ErrorHttp('control', r.status, `${metodo} ${accion} ${nombre}: ${texto.slice(0, 300)}`);
    return JSON.parse(texto) as EstadoProceso;
  }
}

export function direccionesLocales(env: NodeJS.ProcessEnv): Direcciones {
  const puerto = (variable: string, omision: number) => env[variable] || String(omision);
  return {
    pagos: env.ALPES_PAGOS || `127.0.0.1:${puerto('ALPES_PUERTO_PAGOS_GRPC', 50051)}`,
    liquidacion: env.ALPES_LIQUIDACION || `127.0.0.1:${puerto('ALPES_PUERTO_LIQUIDACION_GRPC', 50052)}`,
    pasarela: env.ALPES_PASARELA || `http://127.0.0.1:${puerto('ALPES_PUERTO_PASARELA', 4010)}`,
    pulsarAdmin: env.ALPES_PULSAR_ADMIN || `http://127.0.0.1:${puerto('ALPES_PUERTO_PULSAR_ADMIN', 8080)}`,
    daprHttp: env.ALPES_DAPR_HTTP || `http://127.0.0.1:${puerto('ALPES_PUERTO_PAGOS_DAPR_HTTP', 3500)}`,
    appCallbacks: {
      pagos: `127.0.0.1:${puerto('ALPES_PUERTO_PAGOS_APP_CALLBACK', 50061)}`,
      liquidacion: `127.0.0.1:${puerto('ALPES_PUERTO_LIQUIDACION_APP_CALLBACK', 50062)}`,
    },
  };
}

/**
 * The file where `npm start` keeps this run's Dapr API tokens (packages/entorno, tokens-dapr.ts):
 * <ALPES_ENTORNO_DIR or the repo's .entorno>/tokens-dapr.json.
 */
export function archivoTokensDaprPorOmision(env: NodeJS.ProcessEnv): string {
  const dirEntorno = env.ALPES_ENTORNO_DIR || path.resolve(__dirname, '../../../../..', '.entorno');
  return path.join(dirEntorno, 'tokens-dapr.json');
}

/** The control API's token of the local run: ALPES_TOKEN_CONTROL, else the file `npm start` wrote. */
export function tokenControlLocal(env: NodeJS.ProcessEnv, archivo: string): string | undefined {
  if (env.ALPES_TOKEN_CONTROL) return env.ALPES_TOKEN_CONTROL;
  try {
    return fs.readFileSync(archivo, 'utf8').trim() || undefined;
  } catch {
    return undefined; // no local run: the control API answers 401 and the drill says so
  }
}

export function archivoTokenControlPorOmision(env: NodeJS.ProcessEnv): string {
  return path.join(path.dirname(archivoTokensDaprPorOmision(env)), 'token-control');
}

/** DAPR_API_TOKEN of the local run: ALPES_DAPR_API_TOKEN, else the `dapr` field of `archivo`. */
export function tokenDaprLocal(env: NodeJS.ProcessEnv, archivo: string): string | undefined {
  if (env.ALPES_DAPR_API_TOKEN) return env.ALPES_DAPR_API_TOKEN;
  try {
    const tokens = JSON.parse(fs.readFileSync(archivo, 'utf8')) as { dapr?: unknown };
    return typeof tokens.dapr === 'string' ? tokens.dapr : undefined;
  } catch {
    return undefined; // no local run: daprd's publish answers 401 and the drill says so
  }
}

export class ObjetivoLocal implements Objetivo {
  readonly nombre = 'local' as const;
  private readonly http: AccesoHttp;

  constructor(
    private readonly control: ControlLocal,
    private readonly dirs: Direcciones,
    private readonly esperar: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
    tokenDapr?: string,
  ) {
    this.http = new AccesoHttp(
      async () => this.dirs,
      async () => tokenDapr,
    );
  }

  async direcciones(): Promise<Direcciones> {
    return this.dirs;
  }

  async matar(componente: Componente): Promise<void> {
    await this.control.matar(componente);
  }

  async reiniciar(componente: Componente): Promise<void> {
    await this.control.reiniciar(componente);
  }

  /** Polls the supervisor until the process is alive and has passed its readiness probe. */
  async esperarListo(componente: Componente, plazoMs: number): Promise<void> {
    const limite = Date.now() + plazoMs;
    for (;;) {
      const e = await this.control.estado(componente).catch(() => undefined);
      if (e?.vivo && e.listoDesde !== undefined) return;
      if (Date.now() > limite) throw new Error(`${componente} no quedó listo en ${plazoMs} ms`);
      await this.esperar(100);
    }
  }

  publicarCrudo(topico: string, bytes: Uint8Array, tipoContenido?: string): Promise<void> {
    return this.http.publicarCrudo(topico, bytes, tipoContenido);
  }

  backlog(topico: string, suscripcion: string): Promise<number> {
    return this.http.backlog(topico, suscripcion);
  }

  estadisticas(topico: string): Promise<EstadisticasTopico | undefined> {
    return this.http.estadisticas(topico);
  }

  ledger() {
    return this.http.ledger();
  }

  async cerrar(): Promise<void> {}
}
