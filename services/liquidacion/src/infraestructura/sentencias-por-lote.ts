// liquidarPago's statements for a group of concurrent deliveries (group commit): the step-1 read, the insert
// of new liquidaciones and the save (with or without the event's inbox row), each ONE statement over parallel
// arrays (one binding per column, unnest), whatever the group's size. Each entry's outcome comes back by its
// position in the group (WITH ORDINALITY). The texts never change: each is parsed once per connection and
// planned per execution, for its group (crearKnex).
import type { Knex } from 'knex';
import {
  sqlInsertarOutboxPorLote,
  TABLA_INBOX,
  valoresOutboxPorLote,
  type MensajeDeLote,
} from '@alpes/seedwork';
import type { DatosLiquidacion } from '../dominio';
import type { EventoAplicado } from '../aplicacion/puertos';
import { TABLA_INTENTOS, TABLA_LIQUIDACIONES } from './filas';
import { INTENTOS_JSON, type FilaConIntentos, type Pendientes } from './repositorio-liquidaciones-knex';

/** A step-1 read: the liquidacion of `idPago` and whether the inbox has `evento`. */
export interface LecturaDeLote {
  idPago: string;
  evento: EventoAplicado;
}

/** A save of a group: the snapshot to write, its attempts and messages, and the event it applies (if any). */
export interface EscrituraDeLote {
  datos: DatosLiquidacion;
  pendientes: Pendientes;
  evento?: EventoAplicado;
}

/** Whether the inbox has the event of entrada `e` (id_evento, consumidor). */
const EVENTO_REGISTRADO = (e: string) =>
  `EXISTS (SELECT 1 FROM ${TABLA_INBOX} i WHERE i.id_evento = ${e}.id_evento AND i.consumidor = ${e}.consumidor)`;

/** One row per entry, in entry order (id_pago is unique): the liquidacion's columns are null without one. */
const SQL_LEER_LOTE = `SELECT ${EVENTO_REGISTRADO('e')} AS evento_registrado, ${TABLA_LIQUIDACIONES}.*, ${INTENTOS_JSON}
  FROM unnest(?::text[], ?::text[], ?::text[]) WITH ORDINALITY AS e(id_pago, id_evento, consumidor, n)
  LEFT JOIN ${TABLA_LIQUIDACIONES} ON ${TABLA_LIQUIDACIONES}.id_pago = e.id_pago
  ORDER BY e.n`;

/** porIdPagoConInbox for every entry: one row each, in entry order. */
export async function leerLote(
  k: Knex,
  lecturas: readonly LecturaDeLote[],
): Promise<(FilaConIntentos & { evento_registrado: boolean })[]> {
  const { rows } = await k.raw(SQL_LEER_LOTE, [
    lecturas.map((l) => l.idPago),
    lecturas.map((l) => l.evento.idEvento),
    lecturas.map((l) => l.evento.consumidor),
  ]);
  return rows as (FilaConIntentos & { evento_registrado: boolean })[];
}

/** The attempts of the entries whose row was written (`filtro`, on `i`), from one array per column. */
const INSERTAR_INTENTOS = (filtro: string) =>
  `INSERT INTO ${TABLA_INTENTOS} (id_liquidacion, numero, ocurrido_en, resultado, error, duracion_ms, intento_pago)
  SELECT i.id_liquidacion, i.numero, i.ocurrido_en, i.resultado, i.error, i.duracion_ms, i.intento_pago
  FROM unnest(?::bigint[], ?::text[], ?::int[], ?::timestamptz[], ?::text[], ?::text[], ?::int[], ?::int[])
    AS i(n, id_liquidacion, numero, ocurrido_en, resultado, error, duracion_ms, intento_pago)
  WHERE ${filtro}`;

/** The bindings of INSERTAR_INTENTOS: each attempt with its entry's position (1-based, as ORDINALITY). */
function valoresIntentos(escrituras: readonly EscrituraDeLote[]): Knex.RawBinding[] {
  const intentos = escrituras.flatMap((e, i) => e.pendientes.intentos.map((f) => ({ n: i + 1, ...f })));
  return [
    intentos.map((i) => i.n),
    intentos.map((i) => i.id_liquidacion),
    intentos.map((i) => i.numero),
    intentos.map((i) => i.ocurrido_en),
    intentos.map((i) => i.resultado),
    intentos.map((i) => i.error),
    intentos.map((i) => i.duracion_ms),
    intentos.map((i) => i.intento_pago),
  ] as Knex.RawBinding[];
}

/** The outbox messages of the entries, each under `clave(entry, position)` (what the statement filters on). */
function mensajesDe(
  escrituras: readonly EscrituraDeLote[],
  clave: (e: EscrituraDeLote, n: number) => string,
): MensajeDeLote[] {
  return escrituras.flatMap((e, i) =>
    e.pendientes.mensajes.map((mensaje) => ({ idAgregado: clave(e, i + 1), mensaje })),
  );
}

// a new liquidacion's columns: unnest's element type and the value, at the version the row will have (1)
const COLUMNAS_ALTA: Record<string, [string, (d: DatosLiquidacion) => unknown]> = {
  id: ['text', (d) => d.id],
  id_pago: ['text', (d) => d.idPago],
  id_influencer: ['text', (d) => d.idInfluencer],
  moneda: ['text', (d) => d.monto.moneda],
  unidades_menores: ['bigint', (d) => d.monto.unidadesMenores.toString()],
  estado: ['text', (d) => d.estado],
  referencia_pasarela: ['text', (d) => d.referenciaPasarela],
  motivo: ['text', (d) => d.motivo],
  id_correlacion: ['text', (d) => d.idCorrelacion],
  intento_pago: ['int', (d) => d.intentoPago],
  creada_en: ['timestamptz', (d) => d.creadaEn],
  actualizada_en: ['timestamptz', (d) => d.actualizadaEn],
  version: ['int', (d) => d.version + 1],
};
const NOMBRES_ALTA = Object.keys(COLUMNAS_ALTA).join(', ');

/**
 * Rows go in id_pago order (then arrival order): every group takes its keys' locks in the same order, so
 * two groups cannot deadlock on each other's pagos, and of two entries for one pago the first wins, as in
 * a race between two statements. A taken id_pago inserts nothing (ON CONFLICT DO NOTHING); attempts and
 * outbox rows are written only for the liquidaciones inserted.
 */
const SQL_INSERTAR_LOTE = `WITH entrada AS (
  SELECT * FROM unnest(${Object.values(COLUMNAS_ALTA)
    .map(([tipo]) => `?::${tipo}[]`)
    .join(', ')}) WITH ORDINALITY AS e(${NOMBRES_ALTA}, n)
), fila AS (
  INSERT INTO ${TABLA_LIQUIDACIONES} (${NOMBRES_ALTA})
  SELECT ${NOMBRES_ALTA} FROM entrada ORDER BY id_pago, n
  ON CONFLICT (id_pago) DO NOTHING
  RETURNING id
), intentos AS (${INSERTAR_INTENTOS('i.id_liquidacion IN (SELECT id FROM fila)')}
), eventos AS (${sqlInsertarOutboxPorLote('SELECT id FROM fila', 'text')})
SELECT id FROM fila`;

/** Inserts the new liquidaciones whose id_pago is free, with their attempts and outbox rows; resolves their ids. */
export async function insertarLote(k: Knex, altas: readonly EscrituraDeLote[]): Promise<Set<string>> {
  const { rows } = await k.raw(SQL_INSERTAR_LOTE, [
    ...Object.values(COLUMNAS_ALTA).map(([, valor]) => altas.map((a) => valor(a.datos))),
    ...valoresIntentos(altas),
    ...valoresOutboxPorLote(mensajesDe(altas, (a) => a.datos.id)),
  ] as Knex.RawBinding[]);
  return new Set((rows as { id: string }[]).map((f) => f.id));
}

/**
 * Each entry's row is updated only at its loaded version and when the inbox (the statement's snapshot)
 * lacks its event; of two entries for one liquidacion only the first is tried (the other lost the race,
 * as against another statement). Inbox, attempt and outbox rows are written only for the rows updated,
 * keyed by the entry's position. An inbox row another writer commits meanwhile makes the INSERT fail
 * (unique violation), which undoes the whole statement, as the single statement does.
 */
const SQL_GUARDAR_LOTE = `WITH entrada AS (
  SELECT e.*, e.id_evento IS NOT NULL AND ${EVENTO_REGISTRADO('e')} AS registrado
  FROM unnest(?::text[], ?::int[], ?::text[], ?::text[], ?::text[], ?::int[], ?::timestamptz[], ?::text[], ?::text[])
    WITH ORDINALITY AS e(id, version, estado, referencia_pasarela, motivo, intento_pago, actualizada_en,
      id_evento, consumidor, n)
), candidata AS (
  SELECT DISTINCT ON (id) * FROM entrada WHERE NOT registrado ORDER BY id, n
), fila AS (
  UPDATE ${TABLA_LIQUIDACIONES} l SET estado = c.estado, referencia_pasarela = c.referencia_pasarela,
    motivo = c.motivo, intento_pago = c.intento_pago, actualizada_en = c.actualizada_en, version = c.version + 1
  FROM candidata c
  WHERE l.id = c.id AND l.version = c.version
  RETURNING c.n, c.id_evento, c.consumidor
), entrada_inbox AS (
  INSERT INTO ${TABLA_INBOX} (id_evento, consumidor)
  SELECT id_evento, consumidor FROM fila WHERE id_evento IS NOT NULL ORDER BY id_evento, consumidor
), intentos AS (${INSERTAR_INTENTOS('i.n IN (SELECT n FROM fila)')}
), eventos AS (${sqlInsertarOutboxPorLote('SELECT n FROM fila', 'bigint')})
SELECT registrado, n IN (SELECT n FROM fila) AS escrita FROM entrada ORDER BY n`;

/** Saves stored liquidaciones (and their events' inbox rows); per entry, in entry order, what happened. */
export async function guardarLote(
  k: Knex,
  escrituras: readonly EscrituraDeLote[],
): Promise<{ registrado: boolean; escrita: boolean }[]> {
  const columna = (valor: (e: EscrituraDeLote) => unknown) => escrituras.map(valor);
  const { rows } = await k.raw(SQL_GUARDAR_LOTE, [
    columna((e) => e.datos.id),
    columna((e) => e.datos.version),
    columna((e) => e.datos.estado),
    columna((e) => e.datos.referenciaPasarela),
    columna((e) => e.datos.motivo),
    columna((e) => e.datos.intentoPago),
    columna((e) => e.datos.actualizadaEn),
    columna((e) => e.evento?.idEvento ?? null),
    columna((e) => e.evento?.consumidor ?? null),
    ...valoresIntentos(escrituras),
    ...valoresOutboxPorLote(mensajesDe(escrituras, (_e, n) => String(n))),
  ] as Knex.RawBinding[]);
  return rows as { registrado: boolean; escrita: boolean }[];
}
