// The x-id-correlacion a client may send is copied into logs, outbox rows and events: only a short
// token of safe characters is accepted, so a caller cannot forge log lines or bloat every row.
import { ErrorDominio } from '../dominio/error-dominio';

/** Longest x-id-correlacion accepted (a UUID is 36). */
export const LARGO_MAXIMO_ID_CORRELACION = 128;
const FORMATO_ID_CORRELACION = /^[A-Za-z0-9._:-]+$/;

/** The client's x-id-correlacion, or '' when it sent none; ErrorDominio 'invalido' naming it when malformed. */
export function validarIdCorrelacion(valor: string): string {
  if (valor === '') return '';
  if (valor.length > LARGO_MAXIMO_ID_CORRELACION || !FORMATO_ID_CORRELACION.test(valor)) {
    throw ErrorDominio.invalido(
      'x-id-correlacion',
      `x-id-correlacion debe tener de 1 a ${LARGO_MAXIMO_ID_CORRELACION} caracteres A-Z a-z 0-9 . _ : -`,
    );
  }
  return valor;
}
