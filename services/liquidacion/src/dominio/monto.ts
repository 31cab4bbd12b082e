import { ErrorDominio } from '@alpes/seedwork/dominio';

const MAXIMO_INT64 = 2n ** 63n - 1n;

/** An amount in integer minor units of an ISO-4217 currency. pagos validated the currency list; here the shape is checked. */
export class Monto {
  private constructor(
    readonly moneda: string,
    readonly unidadesMenores: bigint,
  ) {}

  static de(moneda: string, unidadesMenores: bigint): Monto {
    if (!/^[A-Z]{3}$/.test(moneda))
      throw ErrorDominio.invalido('monto.moneda', `moneda '${moneda}' no es ISO-4217`);
    if (unidadesMenores <= 0n)
      throw ErrorDominio.invalido('monto.unidades_menores', 'debe ser mayor que cero');
    if (unidadesMenores > MAXIMO_INT64) throw ErrorDominio.invalido('monto.unidades_menores', 'excede int64');
    return new Monto(moneda, unidadesMenores);
  }

  igualA(otro: Monto): boolean {
    return this.moneda === otro.moneda && this.unidadesMenores === otro.unidadesMenores;
  }
}
