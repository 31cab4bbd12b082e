// Text as received from outside (API requests, events): one rule for every field. Control characters
// are refused (NUL cannot be stored in Postgres text at all; the rest have no place in ids, references
// or ledgers), and text is normalised to Unicode NFC, so that the same visible text is the same string
// when idempotency compares two requests.
import { ErrorDominio } from './error-dominio';

/** C0 and C1 control characters, NUL and DEL included. */
const CONTROL = /\p{Cc}/u;

export interface OpcionesTexto {
  largoMaximo: number;
  /** Empty (after trimming) is refused when true. */
  obligatorio?: boolean;
}

/** Whether `valor` holds a control character (NUL, newline, escape...). */
export function tieneCaracteresDeControl(valor: string): boolean {
  return CONTROL.test(valor);
}

/**
 * `valor` in NFC, trimmed. ErrorDominio 'invalido' naming `campo` when it holds a control character
 * (anywhere, before trimming), is missing while obligatorio, or is longer than largoMaximo.
 */
export function textoValido(valor: string | undefined, campo: string, opciones: OpcionesTexto): string {
  const normalizado = (valor ?? '').normalize('NFC');
  if (tieneCaracteresDeControl(normalizado)) {
    throw ErrorDominio.invalido(campo, `${campo} contiene caracteres de control (NUL incluido)`);
  }
  const limpio = normalizado.trim();
  if (opciones.obligatorio && limpio === '') throw ErrorDominio.invalido(campo, `${campo} es obligatorio`);
  if (limpio.length > opciones.largoMaximo) {
    throw ErrorDominio.invalido(campo, `${campo} admite como máximo ${opciones.largoMaximo} caracteres`);
  }
  return limpio;
}
