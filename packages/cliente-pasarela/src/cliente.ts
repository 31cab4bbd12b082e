import { ErrorConexion, ErrorHttp, causaDeFetch } from './errores';
import type { EstadoPasarela, Fallas, Transferencia } from './tipos';

export class ClientePasarela {
  private readonly base: string;

  constructor(
    direccion: string,
    private readonly plazoMs = 30_000,
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

  /** Empties the ledger and clears the faults: a fresh PSP between tests. */
  reiniciar(): Promise<EstadoPasarela> {
    return this.pedir('POST', '/admin/reiniciar');
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
