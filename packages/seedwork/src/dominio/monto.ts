import { ErrorDominio } from './error-dominio';
import { formatearDecimal } from './formato-monto';
import { exponenteDe } from './monedas';

/** Largest amount storable (Postgres bigint, proto int64). */
export const MAXIMO_UNIDADES_MENORES = 2n ** 63n - 1n;

/** A Monto as received (proto, JSON, a row): any field may be missing. */
export interface DatosMonto {
  moneda?: string;
  unidadesMenores?: bigint;
}

/**
 * An amount of money: integer minor units (> 0, <= int64 max) of a known ISO-4217 currency. Immutable.
 * Errors are ErrorDominio 'invalido' naming the field as the API calls it: 'monto', 'monto.moneda',
 * 'monto.unidades_menores'.
 */
export class Monto {
  private constructor(
    readonly moneda: string,
    readonly unidadesMenores: bigint,
  ) {
    Object.freeze(this);
  }

  /** Validates and builds a Monto. Currency codes are upper case: 'cop' is rejected, not guessed. */
  static de(moneda: string | undefined, unidadesMenores: bigint | undefined): Monto {
    if (!moneda) throw ErrorDominio.invalido('monto.moneda', 'monto.moneda es obligatorio (código ISO-4217)');
    if (!/^[A-Z]{3}$/.test(moneda)) {
      throw ErrorDominio.invalido(
        'monto.moneda',
        `monto.moneda debe ser un código ISO-4217 de tres letras mayúsculas, no ${JSON.stringify(moneda)}`,
      );
    }
    if (exponenteDe(moneda) === undefined) {
      throw ErrorDominio.invalido(
        'monto.moneda',
        `monto.moneda ${moneda} no es una moneda ISO-4217 conocida`,
      );
    }
    if (typeof unidadesMenores !== 'bigint' || unidadesMenores === 0n) {
      throw ErrorDominio.invalido('monto.unidades_menores', 'monto.unidades_menores es obligatorio y > 0');
    }
    if (unidadesMenores < 0n) {
      throw ErrorDominio.invalido('monto.unidades_menores', 'monto.unidades_menores debe ser > 0');
    }
    if (unidadesMenores > MAXIMO_UNIDADES_MENORES) {
      throw ErrorDominio.invalido(
        'monto.unidades_menores',
        `monto.unidades_menores excede el máximo ${MAXIMO_UNIDADES_MENORES} (int64)`,
      );
    }
    return new Monto(moneda, unidadesMenores);
  }

  /** Like `de`, from a whole Monto as received; a missing Monto names 'monto'. */
  static desde(datos: DatosMonto | undefined): Monto {
    if (!datos) throw ErrorDominio.invalido('monto', 'monto es obligatorio');
    return Monto.de(datos.moneda, datos.unidadesMenores);
  }

  /** Digits of minor units of the currency (2 for COP/USD, 0 for JPY, 3 for KWD). */
  get exponente(): number {
    return exponenteDe(this.moneda)!;
  }

  /** Same currency and amount. */
  igualA(otro: Monto): boolean {
    return this.moneda === otro.moneda && this.unidadesMenores === otro.unidadesMenores;
  }

  /** Human form with the decimal point where the currency puts it, e.g. '1500.00 COP'. */
  toString(): string {
    return `${formatearDecimal(this.unidadesMenores, this.exponente)} ${this.moneda}`;
  }
}
