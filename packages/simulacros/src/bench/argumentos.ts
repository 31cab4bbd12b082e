// Flags of `npm run bench -- [flags]`. Every value has a default that measures the aim.

export type Fase = 'cerrado' | 'abierto' | 'rafaga';

export interface OpcionesBench {
  json: boolean;
  /** Closed-loop runs: one per concurrency (workers back to back). */
  concurrencias: number[];
  /** Seconds of each closed/open-loop run. */
  duracionS: number;
  /** Open loop: arrivals per second, and most requests in flight. */
  tasa: number;
  concurrenciaAbierta: number;
  /** Payments of the submit-to-settled burst, and how many in flight while submitting it. */
  rafaga: number;
  concurrenciaRafaga: number;
  /** Seconds of warm-up before measuring (JIT, pools, topics); not reported. */
  calentamientoS: number;
  /** How long the system may take to settle what a run accepted before the next run starts. */
  plazoAsentamientoS: number;
  /** Deadline of each SolicitarPago. */
  plazoRpcMs: number;
  fases: Fase[];
  /** Folder for V8 CPU profiles of the Node services (NODE_OPTIONS=--cpu-prof), written when they stop. */
  perfilar?: string;
  /** pg_stat_statements per run (Postgres restarted with it preloaded). */
  sql: boolean;
  /** Closed/open-loop runs with settlement paused (liquidacion's sidecar stopped), then drained. */
  aislar: boolean;
  nivelLog: string;
  /** Extra environment of the services (e.g. MAXIMO_CONEXIONES_BD=40), for experiments. */
  entorno: Record<string, string>;
  /** Metadata of the pubsub component overridden in the test copy of components/ (e.g. maxConcurrentHandlers=32). */
  pubsub: Record<string, string>;
}

export const AYUDA = `npm run bench -- [opciones]
Starts the whole system on the test runtime (ports = defaults + ALPES_DESPLAZAMIENTO_PRUEBAS), measures
SolicitarPago and the submit-to-settled rate of a burst, prints the figures and stops everything.
  --json                      one JSON document on stdout (progress still goes to stderr)
  --concurrencias 16,64,128   closed-loop runs
  --duracion 15               seconds per run
  --tasa 3000                 open-loop arrivals/s (0 = no open-loop run)
  --concurrencia-abierta 512  open loop: most in flight
  --rafaga 5000               payments in the burst (0 = no burst)
  --concurrencia-rafaga 128   in flight while submitting the burst
  --calentamiento 5           seconds of warm-up (not reported)
  --plazo-asentamiento 300    seconds the system may take to settle a run's payments
  --plazo-rpc 10000           ms deadline of each SolicitarPago
  --fases cerrado,abierto,rafaga
  --perfilar DIR              V8 CPU profiles of pagos, liquidacion and the pasarela in DIR
  --sql                       Postgres' top statements per run (pg_stat_statements)
  --aislar                    closed/open-loop runs with settlement paused (liquidacion's sidecar stopped):
                              acceptance alone; the drain after it is settlement of a backlog alone
  --nivel-log warn            NIVEL_LOG of the services
  --env NAME=value            extra environment of the services (repeatable), e.g. MAXIMO_CONEXIONES_BD=40
  --pubsub name=value         pubsub component metadata for this run (repeatable), e.g. maxConcurrentHandlers=32`;

export function leerArgumentos(args: string[]): OpcionesBench | 'ayuda' {
  const o: OpcionesBench = {
    json: false,
    concurrencias: [16, 64, 128],
    duracionS: 15,
    tasa: 3000,
    concurrenciaAbierta: 512,
    rafaga: 5000,
    concurrenciaRafaga: 128,
    calentamientoS: 5,
    plazoAsentamientoS: 300,
    plazoRpcMs: 10_000,
    fases: ['cerrado', 'abierto', 'rafaga'],
    nivelLog: 'warn',
    sql: false,
    aislar: false,
    entorno: {},
    pubsub: {},
  };
  const par = (bandera: string, v: string | undefined): [string, string] => {
    const i = v?.indexOf('=') ?? -1;
    if (!v || i <= 0) throw new Error(`${bandera} takes NAME=value (got ${v ?? 'nothing'})`);
    return [v.slice(0, i), v.slice(i + 1)];
  };
  const entero = (bandera: string, v: string | undefined, min = 0): number => {
    const n = Number(v);
    if (v === undefined || !Number.isInteger(n) || n < min) {
      throw new Error(`${bandera} needs a whole number >= ${min} (got ${v ?? 'nothing'})`);
    }
    return n;
  };
  for (let i = 0; i < args.length; i++) {
    const bandera = args[i]!;
    const valor = () => args[++i];
    switch (bandera) {
      case '--json':
        o.json = true;
        break;
      case '--concurrencias':
        o.concurrencias = (valor() ?? '')
          .split(',')
          .filter(Boolean)
          .map((c) => entero(bandera, c, 1));
        break;
      case '--duracion':
        o.duracionS = entero(bandera, valor(), 1);
        break;
      case '--tasa':
        o.tasa = entero(bandera, valor());
        break;
      case '--concurrencia-abierta':
        o.concurrenciaAbierta = entero(bandera, valor(), 1);
        break;
      case '--rafaga':
        o.rafaga = entero(bandera, valor());
        break;
      case '--concurrencia-rafaga':
        o.concurrenciaRafaga = entero(bandera, valor(), 1);
        break;
      case '--calentamiento':
        o.calentamientoS = entero(bandera, valor());
        break;
      case '--plazo-asentamiento':
        o.plazoAsentamientoS = entero(bandera, valor(), 1);
        break;
      case '--plazo-rpc':
        o.plazoRpcMs = entero(bandera, valor(), 1);
        break;
      case '--fases': {
        const fases = (valor() ?? '').split(',').filter(Boolean);
        const malas = fases.filter((f) => !['cerrado', 'abierto', 'rafaga'].includes(f));
        if (malas.length > 0 || fases.length === 0) {
          throw new Error(`--fases takes cerrado,abierto,rafaga (got ${malas.join(',') || 'nothing'})`);
        }
        o.fases = fases as Fase[];
        break;
      }
      case '--env': {
        const [k, v] = par(bandera, valor());
        o.entorno[k] = v;
        break;
      }
      case '--pubsub': {
        const [k, v] = par(bandera, valor());
        o.pubsub[k] = v;
        break;
      }
      case '--aislar':
        o.aislar = true;
        break;
      case '--sql':
        o.sql = true;
        break;
      case '--perfilar':
        o.perfilar = valor();
        if (!o.perfilar) throw new Error('--perfilar needs a folder');
        break;
      case '--nivel-log':
        o.nivelLog = valor() ?? '';
        if (!['debug', 'info', 'warn', 'error'].includes(o.nivelLog)) {
          throw new Error('--nivel-log takes debug, info, warn or error');
        }
        break;
      case '--ayuda':
      case '--help':
      case '-h':
        return 'ayuda';
      default:
        throw new Error(`unknown option ${bandera}\n${AYUDA}`);
    }
  }
  return o;
}
