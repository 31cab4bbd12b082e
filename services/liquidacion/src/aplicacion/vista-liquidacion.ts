import type { EstadoLiquidacion, IntentoLiquidacion, Liquidacion } from '../dominio';

/** A liquidacion as the queries return it. */
export interface VistaLiquidacion {
  id: string;
  idPago: string;
  idInfluencer: string;
  monto: { moneda: string; unidadesMenores: bigint };
  estado: EstadoLiquidacion;
  referenciaPasarela: string;
  motivo: string;
  intentos: IntentoLiquidacion[];
  creadaEn: Date;
  actualizadaEn: Date;
}

export function aVista(liquidacion: Liquidacion): VistaLiquidacion {
  const d = liquidacion.instantanea();
  return {
    id: d.id,
    idPago: d.idPago,
    idInfluencer: d.idInfluencer,
    monto: { moneda: d.monto.moneda, unidadesMenores: d.monto.unidadesMenores },
    estado: d.estado,
    referenciaPasarela: d.referenciaPasarela,
    motivo: d.motivo,
    intentos: [...d.intentos],
    creadaEn: d.creadaEn,
    actualizadaEn: d.actualizadaEn,
  };
}
