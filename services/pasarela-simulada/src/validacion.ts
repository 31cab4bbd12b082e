// Validation of the pasarela's request bodies. Every failure names the offending field, as a real
// PSP's 400 does, so a caller's bug is visible at once.

export class ErrorValidacion extends Error {
  constructor(
    readonly campo: string,
    mensaje: string,
  ) {
    super(mensaje);
  }
}

export interface SolicitudTransferencia {
  id_pago: string;
  id_influencer: string;
  monto: { moneda: string; unidades_menores: string };
}

export interface Fallas {
  /** Share (0..1) of new transfers answered 503. */
  tasa_error: number;
  /** Added latency of every transfer call, in milliseconds. */
  latencia_ms: number;
  /** Delay of the answer AFTER a transfer is made: the PSP paid, the caller does not know yet. */
  latencia_respuesta_ms: number;
  /** Influencer ids answered 422 (permanent rejection). */
  rechazar_influencers: string[];
}

export const FALLAS_NINGUNA: Fallas = Object.freeze({
  tasa_error: 0,
  latencia_ms: 0,
  latencia_respuesta_ms: 0,
  rechazar_influencers: [],
});

const LATENCIA_MAXIMA_MS = 600_000;
const LARGO_MAXIMO_ID = 200;
const MAXIMO_INT64 = 2n ** 63n - 1n;

function esObjeto(valor: unknown): valor is Record<string, unknown> {
  return typeof valor === 'object' && valor !== null && !Array.isArray(valor);
}

function rechazarCamposDesconocidos(
  cuerpo: Record<string, unknown>,
  conocidos: string[],
  prefijo = '',
): void {
  for (const campo of Object.keys(cuerpo)) {
    if (!conocidos.includes(campo)) throw new ErrorValidacion(prefijo + campo, `campo desconocido`);
  }
}

function identificador(cuerpo: Record<string, unknown>, campo: string): string {
  const valor = cuerpo[campo];
  if (typeof valor !== 'string' || valor.trim() === '') {
    throw new ErrorValidacion(campo, 'requerido: texto no vacio');
  }
  if (valor.length > LARGO_MAXIMO_ID) throw new ErrorValidacion(campo, `largo maximo ${LARGO_MAXIMO_ID}`);
  return valor;
}

/** Minor units as a decimal string: accepts a JSON integer or a proto3-JSON int64 string. */
function unidadesMenores(valor: unknown): string {
  const campo = 'monto.unidades_menores';
  let entero: bigint;
  if (typeof valor === 'number' && Number.isSafeInteger(valor)) entero = BigInt(valor);
  else if (typeof valor === 'string' && /^-?\d{1,19}$/.test(valor)) entero = BigInt(valor);
  else throw new ErrorValidacion(campo, 'requerido: entero en unidades menores');
  if (entero <= 0n) throw new ErrorValidacion(campo, 'debe ser mayor que cero');
  if (entero > MAXIMO_INT64) throw new ErrorValidacion(campo, 'excede int64');
  return entero.toString();
}

export function validarTransferencia(cuerpo: unknown): SolicitudTransferencia {
  if (!esObjeto(cuerpo)) throw new ErrorValidacion('cuerpo', 'se esperaba un objeto JSON');
  rechazarCamposDesconocidos(cuerpo, ['id_pago', 'id_influencer', 'monto']);
  const id_pago = identificador(cuerpo, 'id_pago');
  const id_influencer = identificador(cuerpo, 'id_influencer');
  const monto = cuerpo.monto;
  if (!esObjeto(monto)) throw new ErrorValidacion('monto', 'requerido: {moneda, unidades_menores}');
  rechazarCamposDesconocidos(monto, ['moneda', 'unidades_menores'], 'monto.');
  if (typeof monto.moneda !== 'string' || !/^[A-Z]{3}$/.test(monto.moneda)) {
    throw new ErrorValidacion('monto.moneda', 'requerido: codigo ISO-4217 en mayusculas');
  }
  return {
    id_pago,
    id_influencer,
    monto: { moneda: monto.moneda, unidades_menores: unidadesMenores(monto.unidades_menores) },
  };
}

export function validarClaveIdempotencia(valor: string | string[] | undefined): string {
  if (typeof valor !== 'string' || valor.trim() === '') {
    throw new ErrorValidacion('Idempotency-Key', 'cabecera requerida');
  }
  if (valor.length > 255) throw new ErrorValidacion('Idempotency-Key', 'largo maximo 255');
  return valor;
}

/** PUT semantics: the body replaces every fault; an omitted field takes its no-fault value. */
export function validarFallas(cuerpo: unknown): Fallas {
  if (!esObjeto(cuerpo)) throw new ErrorValidacion('cuerpo', 'se esperaba un objeto JSON');
  rechazarCamposDesconocidos(cuerpo, [
    'tasa_error',
    'latencia_ms',
    'latencia_respuesta_ms',
    'rechazar_influencers',
  ]);
  const { tasa_error = 0, latencia_ms = 0, latencia_respuesta_ms = 0, rechazar_influencers = [] } = cuerpo;
  if (typeof tasa_error !== 'number' || !Number.isFinite(tasa_error) || tasa_error < 0 || tasa_error > 1) {
    throw new ErrorValidacion('tasa_error', 'debe ser un numero entre 0 y 1');
  }
  if (
    typeof latencia_ms !== 'number' ||
    !Number.isInteger(latencia_ms) ||
    latencia_ms < 0 ||
    latencia_ms > LATENCIA_MAXIMA_MS
  ) {
    throw new ErrorValidacion('latencia_ms', `debe ser un entero entre 0 y ${LATENCIA_MAXIMA_MS}`);
  }
  if (!esLatencia(latencia_respuesta_ms)) {
    throw new ErrorValidacion('latencia_respuesta_ms', `debe ser un entero entre 0 y ${LATENCIA_MAXIMA_MS}`);
  }
  if (!Array.isArray(rechazar_influencers)) {
    throw new ErrorValidacion('rechazar_influencers', 'debe ser una lista de ids');
  }
  rechazar_influencers.forEach((id, i) => {
    if (typeof id !== 'string' || id === '') {
      throw new ErrorValidacion(`rechazar_influencers[${i}]`, 'debe ser un id no vacio');
    }
  });
  return {
    tasa_error,
    latencia_ms,
    latencia_respuesta_ms: latencia_respuesta_ms as number,
    rechazar_influencers: [...(rechazar_influencers as string[])],
  };
}

function esLatencia(valor: unknown): boolean {
  return typeof valor === 'number' && Number.isInteger(valor) && valor >= 0 && valor <= LATENCIA_MAXIMA_MS;
}
