import { ErrorDominio } from '@alpes/seedwork/dominio';
import { EXPONENTES_MONEDA } from './monedas';

/** Largest amount storable (Postgres bigint, proto int64). */
export const MAXIMO_UNIDADES_MENORES = 2n ** 63n - 1n;

/** An amount of money: integer minor units (> 0) of a known ISO-4217 currency. Immutable. */
export class Monto {
  private constructor(
    readonly moneda: string,
    readonly unidadesMenores: bigint,
  ) {
    Object.freeze(this);
  }

  /**
   * Validates and builds a Monto; errors name the field under `campo` (e.g. 'monto.moneda').
   * Currency codes are upper case: 'cop' is rejected, not guessed.
   */
  static de(moneda: string | undefined, unidadesMenores: bigint | undefined, campo = 'monto'): Monto {
    if (!moneda)
      throw ErrorDominio.invalido(`${campo}.moneda`, `${campo}.moneda es obligatorio (código ISO-4217)`);
    if (!/^[A-Z]{3}$/.test(moneda)) {
      throw ErrorDominio.invalido(
        `${campo}.moneda`,
        `${campo}.moneda debe ser un código ISO-4217 de tres letras mayúsculas, no ${JSON.stringify(moneda)}`,
      );
    }
    if (!EXPONENTES_MONEDA.has(moneda)) {
      throw ErrorDominio.invalido(
        `${campo}.moneda`,
        `${campo}.moneda ${moneda} no es una moneda ISO-4217 conocida`,
      );
    }
    if (unidadesMenores === undefined || unidadesMenores === 0n) {
      throw ErrorDominio.invalido(
        `${campo}.unidades_menores`,
        `${campo}.unidades_menores es obligatorio y > 0`,
      );
    }
    if (unidadesMenores < 0n) {
      throw ErrorDominio.invalido(`${campo}.unidades_menores`, `${campo}.unidades_menores debe ser > 0`);
    }
    if (unidadesMenores > MAXIMO_UNIDADES_MENORES) {
      throw ErrorDominio.invalido(
        `${campo}.unidades_menores`,
        `${campo}.unidades_menores excede el máximo ${MAXIMO_UNIDADES_MENORES} (int64)`,
      );
    }
    return new Monto(moneda, unidadesMenores);
  }

  /** Digits of minor units of the currency (2 for COP/USD, 0 for JPY). */
  get exponente(): number {
    return EXPONENTES_MONEDA.get(this.moneda)!;
  }

  /** Same currency and amount. */
  igualA(otro: Monto): boolean {
    return this.moneda === otro.moneda && this.unidadesMenores === otro.unidadesMenores;
  }

  /** Human form with the decimal point where the currency puts it, e.g. '1500.00 COP'. */
  toString(): string {
    const texto = this.unidadesMenores.toString().padStart(this.exponente + 1, '0');
    const entera = texto.slice(0, texto.length - this.exponente);
    const decimales = texto.slice(texto.length - this.exponente);
    return `${entera}${decimales ? '.' + decimales : ''} ${this.moneda}`;
  }
}
