// Client of the pasarela-simulada admin API (DESIGN §6, services/pasarela-simulada/README.md).
import { ErrorConexion, ErrorHttp } from '../codigos-salida';

/** One payout in the PSP ledger. */
export interface Transferencia {
  id: string;
  id_pago: string;
  id_influencer: string;
  monto: { moneda: string; unidades_menores: string };
  clave_idempotencia: string;
  creada_en: string;
}

/** Injected faults; PUT replaces all of them (an omitted field means no fault). */
export interface Fallas {
  tasa_error: number;
  latencia_ms: number;
  rechazar_influencers: string[];
}

export interface EstadoPasarela {
  bloqueada: boolean;
  fallas: Fallas;
  transferencias: number;
  [campo: string]: unknown;
}

export class ClientePasarela {
  private readonly base: string;

  constructor(
    direccion: string,
    private readonly plazoMs: number,
  ) {
    this.base = direccion.replace(/\/+$/, '');
  }

  get direccion(): string {
    return this.base;
  }

  bloquear(): Promise<EstadoPasarela> {
    return this.pedir('POST', '/admin/bloquear');
  }

  permitir(): Promise<EstadoPasarela> {
    return this.pedir('POST', '/admin/permitir');
  }

  fallas(): Promise<Fallas> {
    return this.pedir('GET', '/admin/fallas');
  }

  configurarFallas(fallas: Partial<Fallas>): Promise<Fallas> {
    return this.pedir('PUT', '/admin/fallas', fallas);
  }

  estado(): Promise<EstadoPasarela> {
    return this.pedir('GET', '/admin/estado');
  }

  async transferencias(idPago?: string): Promise<Transferencia[]> {
    const consulta = idPago ? `?id_pago=${encodeURIComponent(idPago)}` : '';
    const cuerpo = await this.pedir<{ transferencias?: Transferencia[] }>(
      'GET',
      `/admin/transferencias${consulta}`,
    );
    if (!Array.isArray(cuerpo.transferencias)) {
      throw new Error('la pasarela respondió /admin/transferencias sin "transferencias"');
    }
    return cuerpo.transferencias;
  }

  private async pedir<T>(metodo: string, ruta: string, cuerpo?: unknown): Promise<T> {
    let respuesta: Response;
    try {
      respuesta = await fetch(this.base + ruta, {
        method: metodo,
        headers: cuerpo === undefined ? {} : { 'content-type': 'application/json' },
        body: cuerpo === undefined ? undefined : JSON.stringify(cuerpo),
        signal: AbortSignal.timeout(this.plazoMs),
      });
    } catch (error) {
      throw new ErrorConexion('pasarela', this.base, causaDeFetch(error, this.plazoMs));
    }
    const texto = await respuesta.text();
    if (!respuesta.ok) throw new ErrorHttp('pasarela', respuesta.status, errorDeCuerpo(texto));
    return (texto ? JSON.parse(texto) : {}) as T;
  }
}

function errorDeCuerpo(texto: string): string {
  try {
    const cuerpo = JSON.parse(texto) as { error?: unknown };
    if (typeof cuerpo.error === 'string') return cuerpo.error;
  } catch {
    // not JSON: show it as is
  }
  return texto.slice(0, 300) || '(sin cuerpo)';
}

/** fetch hides the socket error in `cause`; surface ECONNREFUSED and timeouts plainly. */
export function causaDeFetch(error: unknown, plazoMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return `sin respuesta en ${plazoMs} ms`;
  }
  const causa = (error as { cause?: { code?: string; message?: string } })?.cause;
  if (causa?.code) return causa.code;
  if (causa?.message) return causa.message;
  return error instanceof Error ? error.message : String(error);
}
