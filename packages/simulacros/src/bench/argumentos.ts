// Flags of `npm run bench -- [flags]`. Every value has a default that measures the aim.

import { LIMITE_EVENTOS_POR_LOTE } from '@alpes/seedwork';

export type Fase = 'cerrado' | 'abierto' | 'rafaga' | 'eco' | 'postgres' | 'dapr';
/** Phases on the whole system, then the anchors (ceilings), in this order. */
export const FASES: readonly Fase[] = ['cerrado', 'abierto', 'rafaga', 'eco', 'postgres', 'dapr'];
export const FASES_SISTEMA: readonly Fase[] = ['cerrado', 'abierto', 'rafaga'];

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
  /** Seconds of each anchor run (echo per concurrency, each Postgres write, Dapr publishing). */
  duracionAnclasS: number;
  /** Postgres anchor: payments per grouped statement, and clients writing at once. */
  lotePostgres: number;
  clientesPostgres: number;
  /** Dapr anchor: events per BulkPublishEvent, and calls in flight. */
  loteDapr: number;
  publicadoresDapr: number;
  /** Dapr anchor: events per OnBulkTopicEvent (bulk subscribe); 0 = one OnTopicEvent per event. */
  loteEntregaDapr: number;
  /** Folder for V8 CPU profiles of the Node services (NODE_OPTIONS=--cpu-prof), written when they stop. */
  perfilar?: string;
  /** pg_stat_statements per run (Postgres restarted with it preloaded). */
  sql: boolean;
  /** Closed/open-loop runs with settlement paused (liquidacion's sidecar stopped), then drained. */
  aislar: boolean;
  nivelLog: string;
  /** Extra environment of the services (e.g. MAXIMO_CONEXIONES_BASE_DATOS=40), for experiments. */
  entorno: Record<string, string>;
  /** Metadata of the pubsub component overridden in the test copy of components/ (e.g. maxConcurrentHandlers=32). */
  pubsub: Record<string, string>;
}

export const AYUDA = `npm run bench -- [opciones]
Arranca el sistema completo en el runtime de pruebas (puertos = los de siempre + ALPES_DESPLAZAMIENTO_PRUEBAS),
mide SolicitarPago y el ritmo solicitado-a-asentado (estado final) de una ráfaga, imprime las cifras y lo detiene todo.
  --json                      un documento JSON por stdout (el progreso sigue en stderr)
  --concurrencias 16,64,128   corridas en lazo cerrado
  --duracion 15               segundos por corrida
  --tasa 3000                 llegadas/s del lazo abierto (0 = sin corrida en lazo abierto)
  --concurrencia-abierta 512  lazo abierto: máximo en vuelo
  --rafaga 5000               pagos de la ráfaga (0 = sin ráfaga)
  --concurrencia-rafaga 128   en vuelo mientras se envía la ráfaga
  --calentamiento 5           segundos de calentamiento (no se informan)
  --plazo-asentamiento 300    segundos que el sistema puede tardar en liquidar los pagos de una corrida
  --plazo-rpc 10000           plazo en ms de cada SolicitarPago
  --fases cerrado,abierto,rafaga,eco,postgres,dapr
                              fases del sistema y luego las anclas (techos de esta misma corrida, con los
                              servicios detenidos: Postgres y Pulsar siguen arriba, ociosos); solo anclas =
                              sin servicios
  --duracion-anclas 10        segundos de cada corrida de ancla
  --lote-postgres 100         ancla postgres: pagos por sentencia agrupada (luego 1 por sentencia, para contraste)
  --clientes-postgres 16      ancla postgres: clientes escribiendo a la vez
  --lote-dapr 100             ancla dapr: eventos por BulkPublishEvent
  --publicadores-dapr 4       ancla dapr: publicaciones en vuelo
  --lote-entrega-dapr 0       ancla dapr: eventos por OnBulkTopicEvent (suscripción en lotes, hasta 50); 0 = uno por llamada
  --perfilar DIR              perfiles de CPU de V8 de pagos, liquidacion y la pasarela en DIR
  --sql                       las sentencias más costosas de Postgres por corrida (pg_stat_statements)
  --aislar                    corridas en lazo cerrado/abierto con la liquidación en pausa (sidecar de
                              liquidacion detenido): solo aceptación; el drenaje posterior es solo liquidación
  --nivel-log warn            NIVEL_LOG de los servicios
  --env NOMBRE=valor          entorno adicional de los servicios (repetible), p. ej. MAXIMO_CONEXIONES_BASE_DATOS=40
  --pubsub nombre=valor       metadatos del componente pubsub para esta corrida (repetible), p. ej. maxConcurrentHandlers=32

Anclas:
  eco       SolicitarPago respondido sin dominio ni base por la pila de servidor de pagos (crearServidorGrpc,
            credencial JWT, unario), en su propio proceso, con el mismo cliente y lazo cerrado, a cada
            concurrencia de --concurrencias
  postgres  pago + historial + outbox escritos directamente con node pg en una base temporal con las
            migraciones de pagos: --lote-postgres pagos por sentencia (unnest) y 1 por sentencia
  dapr      publicar por un daprd (BulkPublishEvent) -> Pulsar -> otro daprd -> una app AppCallback trivial

--json: el informe completo; campos estables para scripts:
  corridas[]            modo, concurrencia, tasaObjetivo, aceptadosPorS, latenciaMs{p50,p95,p99,max},
                        erroresPorCodigo, nucleos{componente: núcleos}, drenadoS
  rafaga                aceptadosPorS, asentadosPorS, envioAAsentadoMs{…}, cpuMsPorPago{componente: ms}
                        ('postgres/<base>': la parte de postgres de sus conexiones a esa base, ya
                        incluida en 'postgres')
  sql, sqlTotales       con --sql, en corridas[] y rafaga: sql[] = {base, llamadas, totalMs, mediaMs, planMs,
                        filas, bloquesPorLlamada, consulta} de las sentencias con más tiempo; sqlTotales[] =
                        {base, llamadas, bloques, walBytes} de todas las sentencias de cada base
  anclas.condiciones    qué corría mientras se midieron
  anclas.eco[]          como corridas[]: aceptadosPorS = llamadas/s del eco
  anclas.postgres       agrupada y unaPorSentencia: {lote, clientes, pagosPorS, sentenciasPorS, latenciaMs,
                        cpuMsPorPago}
  anclas.dapr           publicadosPorS, entregados, entregasPorS, ventanaS, reentregas, cpuMsPorEntrega
  cocientes[]           {clave, figura, valor, techo, valorTecho, cociente}; clave = <cifra>/<techo>, p. ej.
                        aceptados.cerrado-16/eco.cerrado-16, asentados.rafaga/postgres.agrupada,
                        asentados.rafaga/dapr.entregas; cociente = valor / valorTecho (null si falta uno)
  suelo                 la CPU por pago asentado que ponen las anclas antes de cualquier trabajo de dominio
                        (null sin las tres): {ecoMsPorLlamada, entregaMsPorEntrega, entregaMsPorComponente,
                        escrituraMsPorPago, totalMs}; totalMs = eco + 2 entregas + escritura agrupada
  objetivo              aceptados{cumplido, mejor}, asentados{cumplido, medido}, cpu{cumplido, medidoMs}
                        (CPU ms por pago asentado en la ráfaga, todos los procesos menos el cliente del bench)
  ledger, maquina, cargaAntes, cargaDespues, opciones`;

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
    fases: [...FASES],
    duracionAnclasS: 10,
    lotePostgres: 100,
    clientesPostgres: 16,
    loteDapr: 100,
    publicadoresDapr: 4,
    loteEntregaDapr: 0,
    nivelLog: 'warn',
    sql: false,
    aislar: false,
    entorno: {},
    pubsub: {},
  };
  const par = (bandera: string, v: string | undefined): [string, string] => {
    const i = v?.indexOf('=') ?? -1;
    if (!v || i <= 0) throw new Error(`${bandera} espera NOMBRE=valor (recibió ${v ?? 'nada'})`);
    return [v.slice(0, i), v.slice(i + 1)];
  };
  const entero = (bandera: string, v: string | undefined, min = 0): number => {
    const n = Number(v);
    if (v === undefined || !Number.isInteger(n) || n < min) {
      throw new Error(`${bandera} espera un entero >= ${min} (recibió ${v ?? 'nada'})`);
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
        const malas = fases.filter((f) => !FASES.includes(f as Fase));
        if (malas.length > 0 || fases.length === 0) {
          throw new Error(`--fases admite ${FASES.join(',')} (recibió ${malas.join(',') || 'nada'})`);
        }
        o.fases = FASES.filter((f) => fases.includes(f)); // always in the order they run
        break;
      }
      case '--duracion-anclas':
        o.duracionAnclasS = entero(bandera, valor(), 1);
        break;
      case '--lote-postgres':
        o.lotePostgres = entero(bandera, valor(), 1);
        break;
      case '--clientes-postgres':
        o.clientesPostgres = entero(bandera, valor(), 1);
        break;
      case '--lote-dapr':
        o.loteDapr = entero(bandera, valor(), 1);
        break;
      case '--publicadores-dapr':
        o.publicadoresDapr = entero(bandera, valor(), 1);
        break;
      case '--lote-entrega-dapr':
        o.loteEntregaDapr = entero(bandera, valor());
        if (o.loteEntregaDapr > LIMITE_EVENTOS_POR_LOTE)
          throw new Error(
            `${bandera} admite hasta ${LIMITE_EVENTOS_POR_LOTE} (seedwork lote-suscripcion.ts)`,
          );
        break;
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
        if (!o.perfilar) throw new Error('--perfilar espera una carpeta');
        break;
      case '--nivel-log':
        o.nivelLog = valor() ?? '';
        if (!['debug', 'info', 'warn', 'error'].includes(o.nivelLog)) {
          throw new Error('--nivel-log admite debug, info, warn o error');
        }
        break;
      case '--ayuda':
      case '--help':
      case '-h':
        return 'ayuda';
      default:
        throw new Error(`opción desconocida ${bandera}\n${AYUDA}`);
    }
  }
  return o;
}
