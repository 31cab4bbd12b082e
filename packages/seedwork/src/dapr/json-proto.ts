// Decodes an event's proto3 JSON with the generated codec, strictly: the codec alone coerces
// (String(7) is '7'), so a field whose JSON type is not the one proto3 JSON uses is refused first.
import { ErrorDominio } from '../dominio/error-dominio';

/** What a generated (ts-proto) message codec offers for JSON. */
export interface CodecJson<T> {
  fromJSON(objeto: unknown): T;
  create(): T;
}

function esObjeto(valor: unknown): valor is Record<string, unknown> {
  return typeof valor === 'object' && valor !== null && !Array.isArray(valor);
}

/** proto3 JSON names a field lowerCamelCase; the original snake_case name is accepted too. */
const aCamel = (nombre: string) => nombre.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
const aSnake = (nombre: string) => nombre.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Refuses a scalar field of the wrong JSON type (string fields must be strings, numbers numbers). */
function exigirTipos<T>(codec: CodecJson<T>, datos: Record<string, unknown>, prefijo: string): void {
  const vacio = codec.create() as Record<string, unknown>;
  for (const [nombre, valor] of Object.entries(datos)) {
    const campo = aCamel(nombre);
    if (valor === null || valor === undefined || !(campo in vacio)) continue;
    const porDefecto = vacio[campo];
    const esperado =
      typeof porDefecto === 'string'
        ? ['string']
        : typeof porDefecto === 'bigint'
          ? ['string', 'number'] // int64: a JSON string, or a number
          : typeof porDefecto === 'boolean'
            ? ['boolean']
            : typeof porDefecto === 'number'
              ? esEnum(codec, campo)
                ? ['string', 'number']
                : ['number']
              : undefined; // messages and timestamps: the codec and the use case's rules judge them
    if (esperado && !esperado.includes(typeof valor))
      throw ErrorDominio.invalido(prefijo + aSnake(campo), `debe ser ${esperado.join(' o ')}`);
  }
}

/** An enum reads a name (unknown -> UNRECOGNIZED); a plain number reads NaN from one. */
function esEnum<T>(codec: CodecJson<T>, campo: string): boolean {
  try {
    return !Number.isNaN((codec.fromJSON({ [campo]: 'NO_ES_NUMERO' }) as Record<string, unknown>)[campo]);
  } catch {
    return true;
  }
}

/**
 * The message in `datos` (parsed proto3 JSON), or an ErrorDominio('invalido') naming the field. A nested
 * message is checked by calling this on it too, with its `campo` (e.g. 'monto') as the names' prefix.
 */
export function desdeJsonProto<T>(codec: CodecJson<T>, datos: unknown, campo = 'data'): T {
  if (!esObjeto(datos)) throw ErrorDominio.invalido(campo, 'no es un objeto JSON');
  exigirTipos(codec, datos, campo === 'data' ? '' : `${campo}.`);
  try {
    return codec.fromJSON(datos);
  } catch (error) {
    throw ErrorDominio.invalido(campo, `no se puede decodificar: ${(error as Error).message}`);
  }
}
