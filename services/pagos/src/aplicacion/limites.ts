// Operating limits of pagos, from configuration: what the domain allows but the business does not.
import { ErrorDominio, formatearMonto, type Monto } from '@alpes/seedwork/dominio';

export interface LimitesPagos {
  /** Largest amount accepted per currency, in minor units; a currency not listed has no limit of its own. */
  montoMaximo: ReadonlyMap<string, bigint>;
  /**
   * How long after a pago was requested ReintentarPago is still accepted. Past it the PSP may have
   * forgotten the idempotency key (id_pago), and a new call could pay a second time (README).
   */
  plazoReintentoMs: number;
}

/** No limits (tests of other rules). */
export const SIN_LIMITES: LimitesPagos = { montoMaximo: new Map(), plazoReintentoMs: Infinity };

/** Refuses `monto` above its currency's configured maximum, naming the limit. */
export function verificarMontoMaximo(monto: Monto, limites: LimitesPagos): void {
  const maximo = limites.montoMaximo.get(monto.moneda);
  if (maximo === undefined || monto.unidadesMenores <= maximo) return;
  throw ErrorDominio.invalido(
    'monto.unidades_menores',
    `monto excede el máximo por pago de ${formatearMonto(monto.moneda, maximo)} (MONTO_MAXIMO_POR_MONEDA)`,
  );
}
