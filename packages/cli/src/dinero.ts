// Money on the operator's screen: exact decimal text from bigint minor units and back, never a float.
// The currency table and the formatting are the shared kernel's (@alpes/seedwork/dominio).
import { exponenteDe } from '@alpes/seedwork/dominio';

export { exponenteDe, formatearDecimal, formatearMonto } from '@alpes/seedwork/dominio';

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
