// The grouped SolicitarPago write, as one statement: N new pagos, their first history row and their
// PagoSolicitado outbox rows, from column arrays (unnest), with the idempotency key's ON CONFLICT.
// It mirrors pagos' group-commit statement (services/pagos/src/infraestructura, issue #11), written
// here because pagos exports no batch insert yet: when it does, drive that one instead.
import { randomUUID } from 'node:crypto';
import { eventos, TIPOS_EVENTO, TOPICOS } from '@alpes/contratos';

export const SQL_INSERTAR_PAGOS = `
WITH entrada AS (
  SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[],
                       $8::text[], $9::timestamptz[], $10::text[], $11::text[], $12::text[])
    AS e(id, clave_idempotencia, id_influencer, id_programa, referencia, moneda, unidades_menores,
         id_correlacion, creado_en, id_evento, datos, traceparent)
), nuevos AS (
  INSERT INTO pagos (id, clave_idempotencia, id_influencer, id_programa, referencia, moneda, unidades_menores,
                     estado, id_correlacion, intentos, creado_en, actualizado_en, version)
  SELECT id, clave_idempotencia, id_influencer, id_programa, referencia, moneda, unidades_menores,
         'SOLICITADO', id_correlacion, 1, creado_en, creado_en, 1
  FROM entrada
  ON CONFLICT (clave_idempotencia) DO NOTHING
  RETURNING id
), historial AS (
  INSERT INTO pagos_historial (id_pago, orden, desde, hacia, motivo, ocurrido_en)
  SELECT e.id, 0, NULL, 'SOLICITADO', '', e.creado_en FROM entrada e JOIN nuevos USING (id)
), eventos AS (
  INSERT INTO outbox (id, topico, tipo, datos, id_correlacion, traceparent)
  SELECT e.id_evento, $13, $14, e.datos::jsonb, e.id_correlacion, e.traceparent FROM entrada e JOIN nuevos USING (id)
)
SELECT count(*)::int AS escritos FROM nuevos`;

/** The bindings of SQL_INSERTAR_PAGOS for `n` new payments with keys `<prefijo>-<0..n-1>`. */
export function valoresLote(prefijo: string, n: number, ahora = new Date()): unknown[] {
  const columnas: unknown[][] = Array.from({ length: 12 }, () => []);
  for (let j = 0; j < n; j++) {
    const id = randomUUID();
    const idCorrelacion = randomUUID();
    const monto = { moneda: 'COP', unidadesMenores: BigInt(1000 + (j % 997)) };
    const fila = [
      id,
      `${prefijo}-${j}`,
      `bench-${j % 16}`,
      'bench',
      `${prefijo}/${j}`,
      monto.moneda,
      monto.unidadesMenores.toString(),
      idCorrelacion,
      ahora.toISOString(),
      randomUUID(),
      JSON.stringify(
        eventos.PagoSolicitado.toJSON({
          idPago: id,
          idInfluencer: `bench-${j % 16}`,
          idPrograma: 'bench',
          referencia: `${prefijo}/${j}`,
          monto,
          idCorrelacion,
          intento: 1,
          solicitadoEn: ahora,
        }),
      ),
      `00-${randomUUID().replace(/-/g, '')}-${randomUUID().replace(/-/g, '').slice(0, 16)}-01`,
    ];
    fila.forEach((v, k) => columnas[k]!.push(v));
  }
  return [...columnas, TOPICOS.pagosSolicitados, TIPOS_EVENTO.pagoSolicitado];
}
