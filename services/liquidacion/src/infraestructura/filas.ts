// Rows of liquidaciones / intentos_liquidacion <-> domain state.
import { Monto } from '@alpes/seedwork/dominio';
import {
  type DatosLiquidacion,
  type EstadoLiquidacion,
  type IntentoLiquidacion,
  type ResultadoIntento,
} from '../dominio';

export const TABLA_LIQUIDACIONES = 'liquidaciones';
export const TABLA_INTENTOS = 'intentos_liquidacion';

export interface FilaLiquidacion {
  id: string;
  secuencia: string;
  id_pago: string;
  id_influencer: string;
  moneda: string;
  unidades_menores: string;
  estado: EstadoLiquidacion;
  referencia_pasarela: string;
  motivo: string;
  id_correlacion: string;
  intento_pago: number;
  creada_en: Date;
  actualizada_en: Date;
  version: number;
}

export interface FilaIntento {
  id_liquidacion: string;
  numero: number;
  ocurrido_en: Date;
  resultado: ResultadoIntento;
  error: string;
  duracion_ms: number;
  intento_pago: number;
}

export function aFilaIntento(idLiquidacion: string, i: IntentoLiquidacion): FilaIntento {
  return {
    id_liquidacion: idLiquidacion,
    numero: i.numero,
    ocurrido_en: i.ocurridoEn,
    resultado: i.resultado,
    error: i.error,
    duracion_ms: i.duracionMs,
    intento_pago: i.intentoPago,
  };
}

export function aIntento(f: FilaIntento): IntentoLiquidacion {
  return {
    numero: f.numero,
    ocurridoEn: f.ocurrido_en,
    resultado: f.resultado,
    error: f.error,
    duracionMs: f.duracion_ms,
    intentoPago: f.intento_pago,
  };
}

export function aDatos(f: FilaLiquidacion, intentos: FilaIntento[]): DatosLiquidacion {
  return {
    id: f.id,
    idPago: f.id_pago,
    idInfluencer: f.id_influencer,
    monto: Monto.de(f.moneda, BigInt(f.unidades_menores)),
    estado: f.estado,
    referenciaPasarela: f.referencia_pasarela,
    motivo: f.motivo,
    idCorrelacion: f.id_correlacion,
    intentoPago: f.intento_pago,
    intentos: intentos.map(aIntento),
    creadaEn: f.creada_en,
    actualizadaEn: f.actualizada_en,
    version: f.version,
  };
}

/** Intentos of several liquidaciones, grouped by id_liquidacion and ordered by numero. */
export function agruparIntentos(filas: FilaIntento[]): Map<string, FilaIntento[]> {
  const grupos = new Map<string, FilaIntento[]>();
  for (const f of [...filas].sort((a, b) => a.numero - b.numero)) {
    grupos.set(f.id_liquidacion, [...(grupos.get(f.id_liquidacion) ?? []), f]);
  }
  return grupos;
}
