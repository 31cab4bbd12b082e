// Tokens already verified, so that a client reusing its token (as every client does until it renews
// it) is not charged a full signature verification per call: ES256 through WebCrypto was ~40 % of
// the gRPC stack's CPU per call (issue #11, the bench's echo anchor). An entry is keyed by the SHA-256
// of the exact token string (a token differing in one byte is another entry, verified in full), holds
// only a token that verified, and is served until the token's `exp` and never longer than
// `vigenciaMaximaMs` after it was verified, so a key removed from the JWKS stops admitting its tokens
// within that cap. Bounded: past `maximoEntradas` the least recently used entry goes.
import { hash } from 'node:crypto';

export interface OpcionesCacheTokens {
  /** Entries kept at most (0: no cache). */
  maximoEntradas: number;
  /** Longest an entry is served after its verification, whatever the token's `exp`. */
  vigenciaMaximaMs: number;
}

/** Defaults: a few thousand distinct clients, and a JWKS change effective within a minute. */
export const CACHE_TOKENS_POR_DEFECTO: OpcionesCacheTokens = {
  maximoEntradas: 10_000,
  vigenciaMaximaMs: 60_000,
};

interface Entrada<T> {
  valor: T;
  /** Epoch ms after which the entry is not served. */
  caducaEn: number;
}

/** What verifying a token yielded (`T`: the caller), by token. */
export class CacheTokens<T> {
  /** Map order is recency: a hit moves its entry to the end, eviction takes the first. */
  private readonly entradas = new Map<string, Entrada<T>>();

  constructor(private readonly o: OpcionesCacheTokens) {
    if (!Number.isInteger(o.maximoEntradas) || o.maximoEntradas < 0) {
      throw new Error(`maximoEntradas de la cache de tokens: se espera un entero >= 0 (${o.maximoEntradas})`);
    }
    if (!(o.vigenciaMaximaMs >= 0)) {
      throw new Error(`vigenciaMaximaMs de la cache de tokens: se espera >= 0 (${o.vigenciaMaximaMs})`);
    }
  }

  /** Entries held now (expired ones included until they are looked up or evicted). */
  get tamano(): number {
    return this.entradas.size;
  }

  /** What a token verified earlier yielded, while its entry lives; else undefined. */
  leer(token: string, ahoraMs: number): T | undefined {
    if (this.o.maximoEntradas === 0) return undefined;
    const clave = claveDe(token);
    const entrada = this.entradas.get(clave);
    if (!entrada) return undefined;
    this.entradas.delete(clave);
    if (ahoraMs >= entrada.caducaEn) return undefined;
    this.entradas.set(clave, entrada);
    return entrada.valor;
  }

  /** Keeps a token that has just verified, whose claims say it expires at `expS` (epoch seconds). */
  guardar(token: string, valor: T, expS: number, ahoraMs: number): void {
    if (this.o.maximoEntradas === 0) return;
    const caducaEn = Math.min(expS * 1000, ahoraMs + this.o.vigenciaMaximaMs);
    if (!(caducaEn > ahoraMs)) return; // already past exp (accepted within the clock tolerance only)
    const clave = claveDe(token);
    this.entradas.delete(clave);
    while (this.entradas.size >= this.o.maximoEntradas) {
      this.entradas.delete(this.entradas.keys().next().value!);
    }
    this.entradas.set(clave, { valor, caducaEn });
  }
}

function claveDe(token: string): string {
  return hash('sha256', token, 'base64');
}
