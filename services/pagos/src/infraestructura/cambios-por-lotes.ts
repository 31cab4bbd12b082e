// Loaded pagos changed many per statement (group commit of liquidacion's results): one locking load of all
// of them, then ONE statement over parallel arrays (unnest) updating every row with its version check, its
// new history rows and its outbox rows. Both texts are constant (one plan each, prepared once per
// connection), whatever the group.
import type { Knex } from 'knex';
import {
  contextoActual,
  ErrorConcurrencia,
  sqlInsertarOutboxPorLote,
  valoresOutboxPorLote,
  type MensajeDeLote,
  type MensajeSaliente,
} from '@alpes/seedwork';
import { Pago } from '../dominio';
import { aFila, COLUMNAS_PAGO, HISTORIAL_JSON, deFilaConHistorial, type FilaPagoConHistorial } from './filas';
import {
  COLUMNAS,
  pendientes,
  sqlInsertarHistorialPorLote,
  TIPOS_PAGO,
  valoresHistorialPorLote,
  type FilaHistorialNueva,
  type PagoNuevo,
} from './alta-por-lotes';

/**
 * The pagos with `ids`, locked FOR UPDATE in id order (every group takes its locks in the same order, so
 * two cannot deadlock). A pago whose lock had to be awaited comes back as its writer left it, but the
 * history subquery still reads the statement's snapshot: `version_leida` is that snapshot's version, and
 * when the two differ the pago changed meanwhile and ErrorConcurrencia sends the transaction round again.
 */
export async function pagosPorIdsBloqueados(
  k: Knex | Knex.Transaction,
  ids: readonly string[],
): Promise<Map<string, Pago>> {
  if (ids.length === 0) return new Map();
  const filas = (await k('pagos')
    .select([
      ...COLUMNAS_PAGO,
      k.raw(HISTORIAL_JSON),
      k.raw('(SELECT l.version FROM pagos l WHERE l.id = pagos.id) AS version_leida'),
    ])
    .whereRaw('id = ANY(?::uuid[])', [[...ids]])
    .orderBy('id')
    .forUpdate('pagos')) as (FilaPagoConHistorial & { version_leida: number })[];
  const cambiado = filas.find((f) => f.version !== f.version_leida);
  if (cambiado) throw new ErrorConcurrencia(`el pago ${cambiado.id} cambió mientras se esperaba su bloqueo`);
  return new Map(filas.map((f) => [f.id, Pago.reconstituir(deFilaConHistorial(f))]));
}

/** A loaded pago ready to update: its row (next version), the version it was loaded at, history, outbox. */
interface PagoCambiado {
  pago: Pago;
  versionLeida: number;
  fila: PagoNuevo['fila'];
  historial: FilaHistorialNueva[];
  mensajes: MensajeSaliente[];
}

// what an update writes: every column but the identity, the creation and the version (checked, then + 1)
const FIJAS = new Set(['id', 'clave_idempotencia', 'creado_en', 'version']);
const CAMBIANTES = COLUMNAS.filter((c) => !FIJAS.has(c));

const sqlActualizarLote = (conOutbox: boolean) => `WITH entrada AS (
  SELECT * FROM unnest(?::uuid[], ?::int[], ${CAMBIANTES.map((c) => `?::${TIPOS_PAGO[c]}[]`).join(', ')})
    AS e(id, version_leida, ${CAMBIANTES.join(', ')})
), cambiados AS (
  UPDATE pagos SET ${CAMBIANTES.map((c) => `${c} = e.${c}`).join(', ')}, version = e.version_leida + 1
  FROM entrada e WHERE pagos.id = e.id AND pagos.version = e.version_leida
  RETURNING pagos.id
), historial AS (
  ${sqlInsertarHistorialPorLote('SELECT id FROM cambiados')}
)${conOutbox ? `, eventos AS (${sqlInsertarOutboxPorLote('SELECT id FROM cambiados')})` : ''}
SELECT id FROM cambiados`;
// an outbox INSERT of no rows would still run its statement trigger: without messages there is none
const SQL_ACTUALIZAR_LOTE = { conOutbox: sqlActualizarLote(true), sinOutbox: sqlActualizarLote(false) };

/**
 * Updates the loaded `pagos` (each once) with their history and outbox rows in ONE statement, or throws
 * ErrorConcurrencia when any version changed since load (nothing of it is then committed: the caller's
 * transaction rolls back). Outbox rows carry the traceparent of the current context.
 */
export async function actualizarLote(k: Knex | Knex.Transaction, pagos: readonly Pago[]): Promise<void> {
  if (pagos.length === 0) return;
  if (new Set(pagos.map((p) => p.id)).size !== pagos.length) throw new Error('un pago repetido en el lote');
  const traceparent = contextoActual().traceparent as string | undefined;
  const cambiados = pagos.map((pago): PagoCambiado => {
    const estado = pago.instantanea();
    if (estado.version === 0) throw new Error('solo se actualizan pagos ya guardados');
    return {
      pago,
      versionLeida: estado.version,
      fila: aFila(estado, estado.version + 1),
      ...pendientes(pago, traceparent),
    };
  });
  const mensajes: MensajeDeLote[] = cambiados.flatMap((c) =>
    c.mensajes.map((mensaje) => ({ idAgregado: c.fila.id, mensaje })),
  );
  const valores = [
    cambiados.map((c) => c.fila.id),
    cambiados.map((c) => c.versionLeida),
    ...CAMBIANTES.map((col) => cambiados.map((c) => c.fila[col])),
    ...valoresHistorialPorLote(cambiados),
    ...(mensajes.length > 0 ? valoresOutboxPorLote(mensajes) : []),
  ] as Knex.RawBinding[];
  const sql = mensajes.length > 0 ? SQL_ACTUALIZAR_LOTE.conOutbox : SQL_ACTUALIZAR_LOTE.sinOutbox;
  const { rows } = await k.raw(sql, valores);
  if ((rows as unknown[]).length !== cambiados.length) {
    throw new ErrorConcurrencia(
      `${cambiados.length - (rows as unknown[]).length} de ${cambiados.length} pagos cambiaron desde que se leyeron`,
    );
  }
  for (const { pago, versionLeida } of cambiados) {
    pago.extraerEventos();
    pago.confirmarVersion(versionLeida + 1);
  }
}
