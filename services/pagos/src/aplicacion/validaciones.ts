import { ErrorDominio } from '@alpes/seedwork/dominio';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Pago ids are UUIDs: anything else is bad input (INVALID_ARGUMENT), not a missing pago. */
export function validarIdPago(id: string | undefined, campo = 'id_pago'): string {
  const limpio = (id ?? '').trim();
  if (limpio === '') throw ErrorDominio.invalido(campo, `${campo} es obligatorio`);
  if (!UUID.test(limpio)) throw ErrorDominio.invalido(campo, `${campo} debe ser un UUID`);
  return limpio.toLowerCase();
}

/** Whether `id` looks like a pago id (events with other ids name no pago of ours). */
export function esIdPago(id: string): boolean {
  return UUID.test(id);
}
