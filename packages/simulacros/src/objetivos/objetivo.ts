// What a drill needs from the system it runs against, whatever that is (local processes or a
// cluster): where to reach it, how to crash and restart a component, and a few admin reads.
import type { ProveedorToken } from '@alpes/cli';
import type { Transferencia } from '@alpes/cliente-pasarela';

/** Components the failover drill crashes, in the order. */
export const COMPONENTES = [
  'liquidacion',
  'daprd-liquidacion',
  'pulsar',
  'pagos',
  'daprd-pagos',
  'postgres',
] as const;
export type Componente = (typeof COMPONENTES)[number];

export function esComponente(nombre: string): nombre is Componente {
  return (COMPONENTES as readonly string[]).includes(nombre);
}

export interface Direcciones {
  /** gRPC host:port. */
  pagos: string;
  liquidacion: string;
  /** Base URLs. */
  pasarela: string;
  pulsarAdmin: string;
  /** HTTP API of a daprd sidecar that has the pubsub component (poison is published through it). */
  daprHttp: string;
  /** Local target only: each service's AppCallback listener (host:port), to prove it refuses forgeries. */
  appCallbacks?: { pagos: string; liquidacion: string };
}

/** The addresses a k8s target reaches through port-forwards. */
export type DireccionReenviable = 'pagos' | 'liquidacion' | 'pasarela' | 'pulsarAdmin' | 'daprHttp';

/** Counters of one Pulsar topic (admin stats), with each subscription's backlog. */
export interface EstadisticasTopico {
  msgInCounter: number;
  suscripciones: Record<string, { msgBacklog: number; msgOutCounter: number; unackedMessages: number }>;
}

export interface Objetivo {
  readonly nombre: 'local' | 'k8s';
  /** Bearer token of the drill's API calls; default: ALPES_TOKEN, else the local runtime's credential. */
  readonly credencial?: ProveedorToken;
  /** Addresses to use (k8s: starts the port-forwards first). */
  direcciones(): Promise<Direcciones>;
  /** Crash it as kill -9 would (no graceful shutdown), and keep it down until reiniciar. */
  matar(componente: Componente): Promise<void>;
  /** Start it again (may return before it is ready). */
  reiniciar(componente: Componente): Promise<void>;
  /** Resolve once it is ready again; reject after plazoMs. */
  esperarListo(componente: Componente, plazoMs: number): Promise<void>;
  /** Publish bytes straight to a topic, bypassing our services (poison). */
  publicarCrudo(topico: string, bytes: Uint8Array, tipoContenido?: string): Promise<void>;
  /** msgBacklog of a subscription; 0 when the topic or subscription does not exist yet. */
  backlog(topico: string, suscripcion: string): Promise<number>;
  /** Topic stats; undefined when the topic does not exist yet. */
  estadisticas(topico: string): Promise<EstadisticasTopico | undefined>;
  /** The PSP ledger: every payout made. */
  ledger(): Promise<Transferencia[]>;
  /** Release what direcciones() started. */
  cerrar(): Promise<void>;
}
