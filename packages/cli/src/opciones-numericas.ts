// Numeric command-line options, checked the same way by `alpes` and the drills: a bad value is an
// ErrorDeUso naming the flag, the accepted range and what was given.
import { ErrorDeUso } from './codigos-salida';

/** A decimal number in [minimo, maximo] (no sign, no exponent), or undefined when the flag is absent. */
export function numero(valor: string | undefined, opcion: string, minimo: number, maximo: number) {
  return enRango(valor, opcion, minimo, maximo, /^\d*\.?\d+$/, 'un número');
}

/** A whole number in [minimo, maximo], or undefined when the flag is absent. */
export function entero(valor: string | undefined, opcion: string, minimo: number, maximo: number) {
  return enRango(valor, opcion, minimo, maximo, /^\d+$/, 'un entero');
}

function enRango(
  valor: string | undefined,
  opcion: string,
  minimo: number,
  maximo: number,
  forma: RegExp,
  clase: string,
): number | undefined {
  if (valor === undefined) return undefined;
  const n = Number(valor);
  if (!forma.test(valor) || n < minimo || n > maximo) {
    throw new ErrorDeUso(`${opcion} debe ser ${clase} entre ${minimo} y ${maximo}, no "${valor}"`, opcion);
  }
  return n;
}
