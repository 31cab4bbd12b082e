// Rows of the pagos tables <-> domain state. int8 columns arrive as strings (exact), converted with BigInt.
import { Monto } from '@alpes/seedwork/dominio';
import type { EstadoPago, DatosPago, Transicion } from '../dominio';

/** A row of `pagos`. */
export interface FilaPago {
  id: string;
  secuencia: string;
  clave_idempotencia: string;
  id_influencer: string;
  id_programa: string;
  referencia: string;
  moneda: string;
  unidades_menores: string;
  estado: EstadoPago;
  id_correlacion: string;
  intentos: number;
  motivo: string;
  referencia_pasarela: string;
  creado_en: Date;
  actualizado_en: Date;
  version: number;
}

/** A row of `pagos_historial`. */
export interface FilaTransicion {
  id_pago: string;
  orden: number;
  desde: EstadoPago | null;
  hacia: EstadoPago;
  motivo: string;
  ocurrido_en: Date;
}

export const COLUMNAS_PAGO = [
  'id',
  'secuencia',
  'clave_idempotencia',
  'id_influencer',
  'id_programa',
  'referencia',
  'moneda',
  'unidades_menores',
  'estado',
  'id_correlacion',
  'intentos',
  'motivo',
  'referencia_pasarela',
  'creado_en',
  'actualizado_en',
  'version',
] as const;

export function deFila(fila: FilaPago, historial: FilaTransicion[] = []): DatosPago {
  return {
    id: fila.id,
    claveIdempotencia: fila.clave_idempotencia,
    idInfluencer: fila.id_influencer,
    idPrograma: fila.id_programa,
    referencia: fila.referencia,
    monto: Monto.de(fila.moneda, BigInt(fila.unidades_menores)),
    estado: fila.estado,
    idCorrelacion: fila.id_correlacion,
    intentos: fila.intentos,
    motivo: fila.motivo,
    referenciaPasarela: fila.referencia_pasarela,
    creadoEn: fila.creado_en,
    actualizadoEn: fila.actualizado_en,
    version: fila.version,
    historial: historial.map(deFilaTransicion),
  };
}

function deFilaTransicion(f: FilaTransicion): Transicion {
  return { desde: f.desde, hacia: f.hacia, motivo: f.motivo, ocurridoEn: f.ocurrido_en };
}

/** Columns written on insert/update (not secuencia, which the database assigns). */
export function aFila(e: DatosPago, version: number): Omit<FilaPago, 'secuencia'> {
  return {
    id: e.id,
    clave_idempotencia: e.claveIdempotencia,
    id_influencer: e.idInfluencer,
    id_programa: e.idPrograma,
    referencia: e.referencia,
    moneda: e.monto.moneda,
    unidades_menores: e.monto.unidadesMenores.toString(),
    estado: e.estado,
    id_correlacion: e.idCorrelacion,
    intentos: e.intentos,
    motivo: e.motivo,
    referencia_pasarela: e.referenciaPasarela,
    creado_en: e.creadoEn,
    actualizado_en: e.actualizadoEn,
    version,
  };
}

/** Select expression adding a pago's history as a JSON array (one query loads pago and history). */
export const HISTORIAL_JSON = `(SELECT coalesce(json_agg(h ORDER BY h.orden), '[]'::json) FROM pagos_historial h
  WHERE h.id_pago = pagos.id) AS historial`;

/** A `pagos` row selected with HISTORIAL_JSON (JSON timestamps are strings). */
export type FilaPagoConHistorial = FilaPago & {
  historial: (Omit<FilaTransicion, 'ocurrido_en'> & { ocurrido_en: string })[];
};

export function deFilaConHistorial(fila: FilaPagoConHistorial): DatosPago {
  return deFila(
    fila,
    fila.historial.map((h) => ({ ...h, ocurrido_en: new Date(h.ocurrido_en) })),
  );
}
