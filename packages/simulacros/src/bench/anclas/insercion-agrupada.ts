// The grouped SolicitarPago write, as one statement: N new pagos, their first history row and their
// PagoSolicitado outbox rows. It is pagos' own group-commit statement (sentenciaAltaPorLote from its
// package entry: the rows are built by pagos' domain, as the service builds them), with $n placeholders
// for node pg; so the anchor measures the write pagos makes, not a copy of it.
import { randomBytes, randomUUID } from 'node:crypto';
import { sentenciaAltaPorLote, type SolicitudAlta } from '@alpes/pagos';

/** knex-style `?` placeholders -> `$1, $2, …` (no `?` operator appears in these statements). */
export function numerarParametros(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/** pagos' group statement; its text is the same for any group, so it is read once (from an empty one). */
export const SQL_INSERTAR_PAGOS = numerarParametros(sentenciaAltaPorLote([]).sql);

/** The bindings of SQL_INSERTAR_PAGOS for `n` new payments with keys `<prefijo>-<0..n-1>`. */
export function valoresLote(prefijo: string, n: number, ahora = new Date()): unknown[] {
  const solicitudes: SolicitudAlta[] = [];
  for (let j = 0; j < n; j++) {
    solicitudes.push({
      id: randomUUID(),
      claveIdempotencia: `${prefijo}-${j}`,
      idInfluencer: `bench-${j % 16}`,
      idPrograma: 'bench',
      referencia: `${prefijo}/${j}`,
      monto: { moneda: 'COP', unidadesMenores: BigInt(1000 + (j % 997)) },
      idCorrelacion: randomUUID(),
      // every request carries one (pagos makes one when the caller sends none): the outbox row's size
      traceparent: `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`,
    });
  }
  return sentenciaAltaPorLote(solicitudes, ahora).valores;
}
