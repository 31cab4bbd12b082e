import { ErrorConexion, ErrorHttp, causaDeFetch } from './errores';
import type { EstadoPasarela, Fallas, Transferencia } from './tipos';

export class ClientePasarela {
  private readonly base: string;

  /**
   * `reintentarLecturasMs`: how long a read (GET, safe to repeat) is retried when the connection
   * fails, for addresses that come back on their own (a kubectl port-forward relaunched after its
   * stream broke). 0, the default, fails at once: a CLI user wants to know the PSP is unreachable.
   */
  constructor(
    direccion: string,
    private readonly plazoMs = 30_000,
    private readonly reintentarLecturasMs = 0,
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
    const limite = Date.now() + (metodo === 'GET' ? this.reintentarLecturasMs : 0);
    for (;;) {
      try {
        return await this.pedirUnaVez<T>(metodo, ruta, cuerpo);
      } catch (error) {
        if (!(error instanceof ErrorConexion) || Date.now() >= limite) throw error;
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  }

  private async pedirUnaVez<T>(metodo: string, ruta: string, cuerpo?: unknown): Promise<T> {
    let respuesta: Response;
    let texto: string;
    try {
      respuesta = await fetch(this.base + ruta, {
        method: metodo,
        headers: cuerpo === undefined ? {} : { 'content-type': 'application/json' },
        body: cuerpo === undefined ? undefined : JSON.stringify(cuerpo),
        signal: AbortSignal.timeout(this.plazoMs),
      });
      texto = await respuesta.text(); // the socket can also close while the body streams in
    } catch (error) {
      throw new ErrorConexion('pasarela', this.base, causaDeFetch(error, this.plazoMs));
    }
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
