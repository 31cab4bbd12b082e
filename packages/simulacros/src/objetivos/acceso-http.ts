// The target-independent half of an Objetivo: Pulsar admin REST, the daprd publish API and the
// PSP ledger, all plain HTTP on the addresses the target exposes.
import {
  ClientePasarela,
  ErrorConexion,
  ErrorHttp,
  causaDeFetch,
  type Transferencia,
} from '@alpes/cliente-pasarela';
import { NOMBRES } from '@alpes/contratos';
import type { Direcciones, EstadisticasTopico } from './objetivo';

const PLAZO_HTTP_MS = 10_000;

export class AccesoHttp {
  constructor(
    private readonly direcciones: () => Promise<Direcciones>,
    /** DAPR_API_TOKEN of the daprd behind daprHttp (dapr-api-token); undefined when it requires none. */
    private readonly tokenDapr: () => Promise<string | undefined> = async () => undefined,
  ) {}

  /** POST /v1.0/publish/<pubsub>/<topic>?metadata.rawPayload=true: the bytes reach Pulsar as they are. */
  async publicarCrudo(
    topico: string,
    bytes: Uint8Array,
    tipoContenido = 'application/octet-stream',
  ): Promise<void> {
    const [{ daprHttp }, tokenDapr] = await Promise.all([this.direcciones(), this.tokenDapr()]);
    const url = `${daprHttp.replace(/\/+$/, '')}/v1.0/publish/${NOMBRES.componentePubsub}/${encodeURIComponent(topico)}?metadata.rawPayload=true`;
    const r = await pedir('daprd', url, {
      method: 'POST',
      headers: { 'content-type': tipoContenido, ...(tokenDapr ? { 'dapr-api-token': tokenDapr } : {}) },
      body: bytes,
    });
    if (!r.ok) throw new ErrorHttp('daprd', r.status, (await r.text()).slice(0, 300));
  }

  async estadisticas(topico: string): Promise<EstadisticasTopico | undefined> {
    const { pulsarAdmin } = await this.direcciones();
    const url = `${pulsarAdmin.replace(/\/+$/, '')}/admin/v2/persistent/public/default/${encodeURIComponent(topico)}/stats`;
    const r = await pedir('pulsar', url, {});
    if (r.status === 404) return undefined;
    if (!r.ok) throw new ErrorHttp('pulsar', r.status, (await r.text()).slice(0, 300));
    return estadisticasDe(await r.json());
  }

  async backlog(topico: string, suscripcion: string): Promise<number> {
    const e = await this.estadisticas(topico);
    return e?.suscripciones[suscripcion]?.msgBacklog ?? 0;
  }

  async ledger(): Promise<Transferencia[]> {
    const { pasarela } = await this.direcciones();
    return new ClientePasarela(pasarela, 30_000).transferencias();
  }
}

/** The fields we use from Pulsar's TopicStats JSON, defaulting what an older broker leaves out. */
export function estadisticasDe(json: unknown): EstadisticasTopico {
  const t = (json ?? {}) as {
    msgInCounter?: number;
    subscriptions?: Record<string, { msgBacklog?: number; msgOutCounter?: number; unackedMessages?: number }>;
  };
  const suscripciones: EstadisticasTopico['suscripciones'] = {};
  for (const [nombre, s] of Object.entries(t.subscriptions ?? {})) {
    suscripciones[nombre] = {
      msgBacklog: s.msgBacklog ?? 0,
      msgOutCounter: s.msgOutCounter ?? 0,
      unackedMessages: s.unackedMessages ?? 0,
    };
  }
  return { msgInCounter: t.msgInCounter ?? 0, suscripciones };
}

async function pedir(servicio: string, url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, { ...init, signal: AbortSignal.timeout(PLAZO_HTTP_MS) });
  } catch (error) {
    throw new ErrorConexion(servicio, new URL(url).origin, causaDeFetch(error, PLAZO_HTTP_MS));
  }
}
