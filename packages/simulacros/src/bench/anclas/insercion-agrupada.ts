// The grouped SolicitarPago write, as one statement: N new pagos, their first history row and their
// PagoSolicitado outbox rows, over parallel arrays (unnest), with the idempotency key's ON CONFLICT.
// It mirrors pagos' group-commit statement (services/pagos/src/infraestructura/alta-por-lotes.ts,
// SQL_INSERTAR_LOTE: the same CTE chain, key order, and seedwork's grouped outbox insert), with $n
// placeholders for node pg. pagos does not export insertarLote from its package entry (and the bench
// may not reach into its dist/), so when it does, drive that one instead of this copy.
import { randomUUID } from 'node:crypto';
import { eventos, TIPOS_EVENTO, TOPICOS } from '@alpes/contratos';
import { sqlInsertarOutboxPorLote, valoresOutboxPorLote, type MensajeDeLote } from '@alpes/seedwork';

/** Columns of `pagos` but secuencia (the database's), with their unnest element types. */
const TIPOS_PAGO = {
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
} as const;
type ColumnaPago = keyof typeof TIPOS_PAGO;
const COLUMNAS = Object.keys(TIPOS_PAGO) as ColumnaPago[];

/** knex-style `?` placeholders -> `$1, $2, …` (no `?` operator appears in these statements). */
export function numerarParametros(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

export const SQL_INSERTAR_PAGOS = numerarParametros(`WITH entrada AS (
  SELECT * FROM unnest(${COLUMNAS.map((c) => `?::${TIPOS_PAGO[c]}[]`).join(', ')})
    WITH ORDINALITY AS e(${COLUMNAS.join(', ')}, n)
), nuevos AS (
  INSERT INTO pagos (${COLUMNAS.join(', ')})
  SELECT ${COLUMNAS.join(', ')} FROM entrada ORDER BY clave_idempotencia, n
  ON CONFLICT (clave_idempotencia) DO NOTHING
  RETURNING id
), historial AS (
  INSERT INTO pagos_historial (id_pago, orden, desde, hacia, motivo, ocurrido_en)
  SELECT h.id_pago, h.orden, h.desde, h.hacia, h.motivo, h.ocurrido_en
  FROM unnest(?::uuid[], ?::int[], ?::text[], ?::text[], ?::text[], ?::timestamptz[])
    AS h(id_pago, orden, desde, hacia, motivo, ocurrido_en)
  WHERE h.id_pago IN (SELECT id FROM nuevos)
), eventos AS (${sqlInsertarOutboxPorLote('SELECT id FROM nuevos')})
SELECT id FROM nuevos`);

/** The bindings of SQL_INSERTAR_PAGOS for `n` new payments with keys `<prefijo>-<0..n-1>`. */
export function valoresLote(prefijo: string, n: number, ahora = new Date()): unknown[] {
  const filas: Record<ColumnaPago, unknown>[] = [];
  const mensajes: MensajeDeLote[] = [];
  for (let j = 0; j < n; j++) {
    const id = randomUUID();
    const idCorrelacion = randomUUID();
    const monto = { moneda: 'COP', unidadesMenores: BigInt(1000 + (j % 997)) };
    const solicitud = {
      idInfluencer: `bench-${j % 16}`,
      idPrograma: 'bench',
      referencia: `${prefijo}/${j}`,
    };
    filas.push({
      id,
      clave_idempotencia: `${prefijo}-${j}`,
      id_influencer: solicitud.idInfluencer,
      id_programa: solicitud.idPrograma,
      referencia: solicitud.referencia,
      moneda: monto.moneda,
      unidades_menores: monto.unidadesMenores.toString(),
      estado: 'SOLICITADO',
      id_correlacion: idCorrelacion,
      intentos: 1,
      motivo: '',
      referencia_pasarela: '',
      creado_en: ahora,
      actualizado_en: ahora,
      version: 1,
    });
    mensajes.push({
      idAgregado: id,
      mensaje: {
        id: randomUUID(),
        topico: TOPICOS.pagosSolicitados,
        tipo: TIPOS_EVENTO.pagoSolicitado,
        datos: eventos.PagoSolicitado.toJSON({
          idPago: id,
          ...solicitud,
          monto,
          idCorrelacion,
          intento: 1,
          solicitadoEn: ahora,
        }),
        idCorrelacion,
        traceparent: `00-${randomUUID().replace(/-/g, '')}-${randomUUID().replace(/-/g, '').slice(0, 16)}-01`,
      },
    });
  }
  return [
    ...COLUMNAS.map((c) => filas.map((f) => f[c])),
    filas.map((f) => f.id),
    filas.map(() => 0),
    filas.map(() => null),
    filas.map(() => 'SOLICITADO'),
    filas.map(() => ''),
    filas.map(() => ahora),
    ...valoresOutboxPorLote(mensajes),
  ];
}
