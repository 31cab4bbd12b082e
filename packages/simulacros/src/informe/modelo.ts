// What every drill writes: informes/<drill>-<timestamp>.json, and the HTML report drawn from it.
import type { Muestra, Percentiles } from '../carga/medidor';
import type { EstadoPagoNombre } from '../carga/seguidor';
import type { Verificacion } from '../verificacion/invariantes';

export interface Marca {
  /** Seconds since the drill started. */
  t: number;
  etiqueta: string;
  tipo: 'falla' | 'reinicio' | 'listo' | 'evento';
}

export interface Recuperacion {
  componente: string;
  /** Seconds since the drill started. */
  matadoS: number;
  reiniciadoS: number;
  listoS: number | null;
  /** From the restart request until the component reported ready. */
  msHastaListo: number | null;
  /** From the restart until the first accepted SolicitarPago / first settlement after it. */
  msHastaPrimeraAceptacion: number | null;
  msHastaPrimerAsentamiento: number | null;
  /** The later of the two: when the system was serving end to end again. null: never within the deadline. */
  msRecuperacion: number | null;
}

export interface Informe {
  simulacro: string;
  objetivo: 'local' | 'k8s';
  idEjecucion: string;
  inicio: string;
  duracionS: number;
  corto: boolean;
  opciones: Record<string, unknown>;
  carga: {
    modo: 'abierto' | 'cerrado';
    tasaObjetivo: number | null;
    enviados: number;
    aceptados: number;
    errores: number;
    erroresPorCodigo: Record<string, number>;
    aceptadosPorS: number;
    maximoEnCola: number;
    latenciaMs: Percentiles;
  };
  asentamiento: {
    asentados: number;
    ms: Percentiles;
    pendientesAlFinal: number;
  };
  estadosFinales: Record<EstadoPagoNombre, number>;
  verificacion: Verificacion;
  recuperaciones: Recuperacion[];
  marcas: Marca[];
  series: Muestra[];
  notas: string[];
  exito: boolean;
}
