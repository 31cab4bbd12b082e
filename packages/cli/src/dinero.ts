// Money on the operator's screen: exact decimal text from bigint minor units and back, never a float.

/** ISO-4217 minor-unit exponents of the currencies an operator is likely to see. */
// prettier-ignore
const EXPONENTES: Readonly<Record<string, number>> = {
  COP: 2, USD: 2, EUR: 2, MXN: 2, BRL: 2, PEN: 2, ARS: 2, GBP: 2, CAD: 2, CHF: 2, UYU: 2, BOB: 2,
  CLP: 0, JPY: 0, KRW: 0, PYG: 0, ISK: 0, VND: 0, UGX: 0, XOF: 0, XAF: 0,
  KWD: 3, BHD: 3, JOD: 3, OMR: 3, TND: 3, IQD: 3, LYD: 3,
};

/** The currency's exponent, or undefined when we do not know the currency. */
export function exponenteDe(moneda: string): number | undefined {
  return EXPONENTES[moneda];
}

/**
 * "1500.00 COP" from (COP, 150000n). Unknown currencies print their raw minor units so nothing is
 * ever guessed: "150000 (unidades menores) XYZ".
 */
export function formatearMonto(moneda: string, unidadesMenores: bigint): string {
  const exponente = exponenteDe(moneda);
  if (exponente === undefined) return `${unidadesMenores} (unidades menores) ${moneda}`;
  return `${formatearDecimal(unidadesMenores, exponente)} ${moneda}`;
}

/** Decimal text of minor units for an exponent: (150005n, 2) -> "1500.05", (-5n, 2) -> "-0.05". */
export function formatearDecimal(unidadesMenores: bigint, exponente: number): string {
  const negativo = unidadesMenores < 0n;
  const absoluto = (negativo ? -unidadesMenores : unidadesMenores).toString();
  if (exponente === 0) return (negativo ? '-' : '') + absoluto;
  const relleno = absoluto.padStart(exponente + 1, '0');
  const entero = relleno.slice(0, relleno.length - exponente);
  const fraccion = relleno.slice(relleno.length - exponente);
  return `${negativo ? '-' : ''}${entero}.${fraccion}`;
}

/**
 * Minor units from an operator's decimal text, exactly: ("1500.5", COP) -> 150050n. Throws a plain
 * Error saying what is wrong (the caller names the flag).
 */
export function analizarMonto(texto: string, moneda: string): bigint {
  const exponente = exponenteDe(moneda);
  if (exponente === undefined) {
    throw new Error(`moneda ${moneda} desconocida para la CLI: use --unidades-menores`);
  }
  const partes = /^(\d+)(?:\.(\d+))?$/.exec(texto.trim());
  if (!partes) throw new Error(`"${texto}" no es un monto decimal (ej. 1500.00)`);
  const entero = partes[1] ?? '0';
  const fraccion = partes[2] ?? '';
  if (fraccion.length > exponente) {
    throw new Error(`${moneda} admite ${exponente} decimales, "${texto}" tiene ${fraccion.length}`);
  }
  return BigInt(entero + fraccion.padEnd(exponente, '0'));
}
