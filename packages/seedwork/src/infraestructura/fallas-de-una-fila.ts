// SQLSTATE classes of a failure that one row can cause to a whole grouped statement or transaction: data
// exception (22: e.g. a value Postgres cannot store), integrity violation (23: e.g. a duplicate id),
// transaction rollback (40: deadlock, serialization). A group failing so is redone one entry at a time,
// so that only that entry fails; any other failure (e.g. the database is down) fails the whole group.
const FALLAS_DE_UNA_FILA = /^(22|23|40)/;

/** Whether Postgres refused with an error one row can cause (see above). */
export function esFallaDeUnaFila(error: unknown): boolean {
  return FALLAS_DE_UNA_FILA.test(String((error as { code?: unknown } | undefined)?.code));
}
