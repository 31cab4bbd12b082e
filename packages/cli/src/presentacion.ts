// How pagos, liquidaciones and the PSP ledger look on an operator's screen (tables) and to a
// script (proto3 JSON: int64 as strings, enums by name).
import { comun, liquidacion, pagos } from '@alpes/contratos';
import type { Transferencia } from '@alpes/cliente-pasarela';
import { formatearMonto } from './dinero';
import { ficha, tabla } from './tabla';

export function nombreEstadoPago(estado: pagos.EstadoPago): string {
  return pagos.estadoPagoToJSON(estado).replace(/^ESTADO_PAGO_/, '');
}

export function nombreEstadoLiquidacion(estado: liquidacion.EstadoLiquidacion): string {
  return liquidacion.estadoLiquidacionToJSON(estado).replace(/^ESTADO_LIQUIDACION_/, '');
}

function nombreResultadoIntento(r: liquidacion.ResultadoIntento): string {
  return liquidacion.resultadoIntentoToJSON(r).replace(/^RESULTADO_INTENTO_/, '');
}

export function textoMonto(monto: comun.Monto | undefined): string {
  return monto ? formatearMonto(monto.moneda, monto.unidadesMenores) : '-';
}

function fecha(d: Date | undefined): string {
  return d ? d.toISOString() : '-';
}

const o = (v: string) => v || '-';

export function fichaPago(p: pagos.Pago): string {
  const cabecera = ficha([
    ['id', p.id],
    ['estado', nombreEstadoPago(p.estado)],
    ['monto', textoMonto(p.monto)],
    ['id_influencer', p.idInfluencer],
    ['id_programa', o(p.idPrograma)],
    ['referencia', o(p.referencia)],
    ['clave_idempotencia', p.claveIdempotencia],
    ['id_correlacion', o(p.idCorrelacion)],
    ['intentos', String(p.intentos)],
    ['motivo', o(p.motivo)],
    ['referencia_pasarela', o(p.referenciaPasarela)],
    ['creado_en', fecha(p.creadoEn)],
    ['actualizado_en', fecha(p.actualizadoEn)],
    ['version', p.version.toString()],
  ]);
  if (p.historial.length === 0) return cabecera;
  const historial = tabla(
    [
      { titulo: 'OCURRIDO_EN', valor: (t: pagos.TransicionPago) => fecha(t.ocurridoEn) },
      // the first transition comes from nothing (UNSPECIFIED)
      { titulo: 'DESDE', valor: (t) => (t.desde ? nombreEstadoPago(t.desde) : '-') },
      { titulo: 'HACIA', valor: (t) => nombreEstadoPago(t.hacia) },
      { titulo: 'MOTIVO', valor: (t) => o(t.motivo) },
    ],
    p.historial,
  );
  return `${cabecera}\n\nhistorial:\n${historial}`;
}

export function tablaPagos(lista: pagos.Pago[]): string {
  return tabla(
    [
      { titulo: 'ID', valor: (p: pagos.Pago) => p.id },
      { titulo: 'ESTADO', valor: (p) => nombreEstadoPago(p.estado) },
      { titulo: 'MONTO', valor: (p) => textoMonto(p.monto), alineacion: 'derecha' },
      { titulo: 'INFLUENCER', valor: (p) => p.idInfluencer },
      { titulo: 'INTENTOS', valor: (p) => String(p.intentos), alineacion: 'derecha' },
      { titulo: 'CREADO_EN', valor: (p) => fecha(p.creadoEn) },
      { titulo: 'MOTIVO', valor: (p) => p.motivo },
    ],
    lista,
  );
}

export function fichaLiquidacion(l: liquidacion.Liquidacion): string {
  const cabecera = ficha([
    ['id', l.id],
    ['id_pago', l.idPago],
    ['estado', nombreEstadoLiquidacion(l.estado)],
    ['monto', textoMonto(l.monto)],
    ['id_influencer', l.idInfluencer],
    ['referencia_pasarela', o(l.referenciaPasarela)],
    ['motivo', o(l.motivo)],
    ['creada_en', fecha(l.creadaEn)],
    ['actualizada_en', fecha(l.actualizadaEn)],
  ]);
  if (l.intentos.length === 0) return cabecera;
  const intentos = tabla(
    [
      { titulo: 'N', valor: (i: liquidacion.IntentoLiquidacion) => String(i.numero), alineacion: 'derecha' },
      { titulo: 'OCURRIDO_EN', valor: (i) => fecha(i.ocurridoEn) },
      { titulo: 'RESULTADO', valor: (i) => nombreResultadoIntento(i.resultado) },
      { titulo: 'DURACION_MS', valor: (i) => i.duracionMs.toString(), alineacion: 'derecha' },
      { titulo: 'ERROR', valor: (i) => i.error },
    ],
    l.intentos,
  );
  return `${cabecera}\n\nintentos:\n${intentos}`;
}

export function tablaLiquidaciones(lista: liquidacion.Liquidacion[]): string {
  return tabla(
    [
      { titulo: 'ID_PAGO', valor: (l: liquidacion.Liquidacion) => l.idPago },
      { titulo: 'ESTADO', valor: (l) => nombreEstadoLiquidacion(l.estado) },
      { titulo: 'MONTO', valor: (l) => textoMonto(l.monto), alineacion: 'derecha' },
      { titulo: 'INTENTOS', valor: (l) => String(l.intentos.length), alineacion: 'derecha' },
      { titulo: 'REFERENCIA_PASARELA', valor: (l) => l.referenciaPasarela },
      { titulo: 'ACTUALIZADA_EN', valor: (l) => fecha(l.actualizadaEn) },
    ],
    lista,
  );
}

export function tablaTransferencias(lista: Transferencia[]): string {
  return tabla(
    [
      { titulo: 'ID', valor: (t: Transferencia) => t.id },
      { titulo: 'ID_PAGO', valor: (t) => t.id_pago },
      { titulo: 'MONTO', valor: (t) => montoDeLibro(t), alineacion: 'derecha' },
      { titulo: 'INFLUENCER', valor: (t) => t.id_influencer },
      { titulo: 'CREADA_EN', valor: (t) => t.creada_en },
    ],
    lista,
  );
}

/** The ledger carries int64 as proto3-JSON strings (or plain integers); both are exact here. */
function montoDeLibro(t: Transferencia): string {
  const unidades = String(t.monto?.unidades_menores ?? '');
  return /^-?\d+$/.test(unidades) ? formatearMonto(t.monto.moneda, BigInt(unidades)) : `? ${t.monto?.moneda}`;
}

export const json = {
  pago: (p: pagos.Pago) => pagos.Pago.toJSON(p),
  liquidacion: (l: liquidacion.Liquidacion) => liquidacion.Liquidacion.toJSON(l),
};
