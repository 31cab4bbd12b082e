// New pagos written many per statement (group commit): the pago rows, their history rows and their outbox
// rows in ONE statement over parallel arrays (unnest), so a group costs one round trip, one plan (the text
// never changes: crearKnex prepares it once per connection) and one commit, whatever its size.
import type { Knex } from 'knex';
import {
  contextoActual,
  sqlInsertarOutboxPorLote,
  valoresOutboxPorLote,
  type MensajeDeLote,
  type MensajeSaliente,
} from '@alpes/seedwork';
import { Pago, SolicitudPago, type DatosSolicitudPago } from '../dominio';
import { aFila, COLUMNAS_PAGO, HISTORIAL_JSON, type FilaPago, type FilaPagoConHistorial } from './filas';
import { aMensajesSalientes } from './eventos-salientes';

/** A history row to write (the transitions raised since load). */
export interface FilaHistorialNueva {
  orden: number;
  desde: string | null;
  hacia: string;
  motivo: string;
  ocurrido_en: Date;
}

/** A new pago ready to insert: its row, history rows and outbox messages. */
export interface PagoNuevo {
  pago: Pago;
  fila: Omit<FilaPago, 'secuencia'>;
  historial: FilaHistorialNueva[];
  mensajes: MensajeSaliente[];
}

/**
 * What inserting `pago` writes. Call it in the caller's context: the outbox rows carry the traceparent of
 * the request that raised the event, not of whichever request's timer ran the group.
 */
export function pagoNuevo(
  pago: Pago,
  traceparent = contextoActual().traceparent as string | undefined,
): PagoNuevo {
  const estado = pago.instantanea();
  if (estado.version !== 0) throw new Error('solo se insertan pagos nuevos');
  return { pago, fila: aFila(estado, 1), ...pendientes(pago, traceparent) };
}

/** The history rows and outbox messages of the transitions `pago` raised since it was loaded. */
export function pendientes(
  pago: Pago,
  traceparent: string | undefined,
): { historial: FilaHistorialNueva[]; mensajes: MensajeSaliente[] } {
  const eventos = pago.eventosPendientes;
  const primero = pago.historial.length - eventos.length;
  return {
    historial: eventos.map((e, i) => ({
      orden: primero + i,
      desde: e.desde,
      hacia: e.hacia,
      motivo: e.motivo,
      ocurrido_en: e.ocurridoEn,
    })),
    mensajes: eventos.flatMap((e) => aMensajesSalientes(e, traceparent)),
  };
}

// unnest's element type of each column of `pagos`, in COLUMNAS_PAGO order (secuencia is the database's)
export const TIPOS_PAGO: Record<keyof PagoNuevo['fila'], string> = {
  id: 'uuid',
  clave_idempotencia: 'text',
  id_influencer: 'text',
  id_programa: 'text',
  referencia: 'text',
  moneda: 'text',
  unidades_menores: 'bigint',
  estado: 'text',
  id_correlacion: 'text',
  intentos: 'int',
  motivo: 'text',
  referencia_pasarela: 'text',
  creado_en: 'timestamptz',
  actualizado_en: 'timestamptz',
  version: 'int',
};
export const COLUMNAS = COLUMNAS_PAGO.filter((c) => c !== 'secuencia') as (keyof PagoNuevo['fila'])[];

/**
 * The history rows of a grouped write from six array bindings (valoresHistorialPorLote): only those of the
 * pagos whose id is in `idsEscritos` (a CTE's RETURNING).
 */
export function sqlInsertarHistorialPorLote(idsEscritos: string): string {
  return `INSERT INTO pagos_historial (id_pago, orden, desde, hacia, motivo, ocurrido_en)
  SELECT h.id_pago, h.orden, h.desde, h.hacia, h.motivo, h.ocurrido_en
  FROM unnest(?::uuid[], ?::int[], ?::text[], ?::text[], ?::text[], ?::timestamptz[])
    AS h(id_pago, orden, desde, hacia, motivo, ocurrido_en)
  WHERE h.id_pago IN (${idsEscritos})`;
}

/** The six bindings of sqlInsertarHistorialPorLote: the history rows of each pago, by its id. */
export function valoresHistorialPorLote(
  pagos: readonly { fila: { id: string }; historial: FilaHistorialNueva[] }[],
): Knex.RawBinding[] {
  const historial = pagos.flatMap((n) => n.historial.map((h) => ({ idPago: n.fila.id, ...h })));
  // one array per column (pg sends each as a Postgres array literal; knex's types do not allow nulls in them)
  return [
    historial.map((h) => h.idPago),
    historial.map((h) => h.orden),
    historial.map((h) => h.desde),
    historial.map((h) => h.hacia),
    historial.map((h) => h.motivo),
    historial.map((h) => h.ocurrido_en),
  ] as Knex.RawBinding[];
}

/**
 * Rows are inserted in key order (then arrival order): every group takes its keys' locks in the same
 * order, so two groups waiting on each other's keys cannot deadlock, and of two requests with the same
 * key in one group the first to arrive wins, as in a race between two statements. A taken key inserts
 * nothing (ON CONFLICT DO NOTHING); history and outbox rows are written only for the pagos inserted.
 */
const SQL_INSERTAR_LOTE = `WITH entrada AS (
  SELECT * FROM unnest(${COLUMNAS.map((c) => `?::${TIPOS_PAGO[c]}[]`).join(', ')})
    WITH ORDINALITY AS e(${COLUMNAS.join(', ')}, n)
), nuevos AS (
  INSERT INTO pagos (${COLUMNAS.join(', ')})
  SELECT ${COLUMNAS.join(', ')} FROM entrada ORDER BY clave_idempotencia, n
  ON CONFLICT (clave_idempotencia) DO NOTHING
  RETURNING id
), historial AS (
  ${sqlInsertarHistorialPorLote('SELECT id FROM nuevos')}
), eventos AS (${sqlInsertarOutboxPorLote('SELECT id FROM nuevos')})
SELECT id FROM nuevos`;

/** A statement with its bindings, knex-style `?` placeholders (node pg: number them `$1, $2, …`). */
export interface SentenciaAlta {
  /** Always the same text, whatever the group (one plan, prepared once per connection). */
  sql: string;
  valores: unknown[];
}

/** SQL_INSERTAR_LOTE with its bindings for `nuevos`. */
export function sentenciaInsertarLote(nuevos: readonly PagoNuevo[]): SentenciaAlta {
  const mensajes: MensajeDeLote[] = nuevos.flatMap((n) =>
    n.mensajes.map((mensaje) => ({ idAgregado: n.fila.id, mensaje })),
  );
  const pagos = COLUMNAS.map((c) => nuevos.map((n) => n.fila[c])) as Knex.RawBinding[];
  return {
    sql: SQL_INSERTAR_LOTE,
    valores: [...pagos, ...valoresHistorialPorLote(nuevos), ...valoresOutboxPorLote(mensajes)],
  };
}

/** Inserts the pagos whose key is free, with their history and outbox rows; resolves the ids inserted. */
export async function insertarLote(k: Knex, nuevos: readonly PagoNuevo[]): Promise<Set<string>> {
  const { sql, valores } = sentenciaInsertarLote(nuevos);
  const { rows } = await k.raw(sql, valores as Knex.RawBinding[]);
  return new Set((rows as { id: string }[]).map((f) => f.id));
}

/** A SolicitarPago request with what pagos gives it on arrival: the new pago's id and the caller's trace. */
export interface SolicitudAlta extends DatosSolicitudPago {
  id: string;
  idCorrelacion: string;
  traceparent?: string;
}

/**
 * The group statement SolicitarPago's group commit would run for `solicitudes` (validated and made pagos by
 * pagos' own domain, so a bad request throws the ErrorDominio naming its field): for tools that measure
 * this write without the service, e.g. the bench's Postgres anchor.
 */
export function sentenciaAltaPorLote(
  solicitudes: readonly SolicitudAlta[],
  ahora = new Date(),
): SentenciaAlta {
  return sentenciaInsertarLote(
    solicitudes.map((s) =>
      pagoNuevo(Pago.solicitar(s.id, SolicitudPago.de(s), s.idCorrelacion, ahora), s.traceparent),
    ),
  );
}

/** The pagos holding `claves` (with their history), by key: one query (one array binding, one plan). */
export async function pagosPorClaves(
  k: Knex,
  claves: readonly string[],
): Promise<Map<string, FilaPagoConHistorial>> {
  const filas = (await k('pagos')
    .select([...COLUMNAS_PAGO, k.raw(HISTORIAL_JSON)])
    .whereRaw('clave_idempotencia = ANY(?::text[])', [[...claves]])) as FilaPagoConHistorial[];
  return new Map(filas.map((f) => [f.clave_idempotencia, f]));
}
