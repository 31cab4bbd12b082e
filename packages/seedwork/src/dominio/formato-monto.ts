// Money as text, exactly: decimal strings are built from bigint minor units by moving the point
// `exponente` digits, never through a float (2^53 < int64 max).
import { exponenteDe } from './monedas';

/** Decimal text of minor units for an exponent: (150005n, 2) -> "1500.05", (-5n, 2) -> "-0.05". */
export function formatearDecimal(unidadesMenores: bigint, exponente: number): string {
  const negativo = unidadesMenores < 0n;
  const absoluto = (negativo ? -unidadesMenores : unidadesMenores).toString();
  const signo = negativo ? '-' : '';
  if (exponente === 0) return signo + absoluto;
  const relleno = absoluto.padStart(exponente + 1, '0');
  const entero = relleno.slice(0, relleno.length - exponente);
  const fraccion = relleno.slice(relleno.length - exponente);
  return `${signo}${entero}.${fraccion}`;
}

/**
 * "1500.00 COP" from (COP, 150000n). An unknown currency prints its raw minor units, so nothing is
 * ever guessed: "150000 (unidades menores) XYZ".
 */
export function formatearMonto(moneda: string, unidadesMenores: bigint): string {
  const exponente = exponenteDe(moneda);
  if (exponente === undefined) return `${unidadesMenores} (unidades menores) ${moneda}`;
  return `${formatearDecimal(unidadesMenores, exponente)} ${moneda}`;
}
