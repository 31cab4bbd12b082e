// The anchors of one bench run: ceilings measured on the same box in the same run, so a noisy host
// moves our figures and their ceilings together (issue #11).
import type { ResultadoCorrida } from '../medicion';
import type { ResultadoEntregaDapr } from './entrega-dapr';
import type { ResultadoTechoPostgres } from './techo-postgres';

export type NombreAncla = 'eco' | 'postgres' | 'dapr';
export const ANCLAS: readonly NombreAncla[] = ['eco', 'postgres', 'dapr'];

export interface Anclas {
  /** What ran while they were measured (e.g. the services stopped), in words. */
  condiciones: string;
  /** SolicitarPago answered by pagos' server stack with no work, one closed loop per concurrency. */
  eco: ResultadoCorrida[];
  /** The grouped pagos + history + outbox write driven directly, and one payment per statement. */
  postgres: ResultadoTechoPostgres | null;
  /** daprd publish -> Pulsar -> daprd -> trivial AppCallback app. */
  dapr: ResultadoEntregaDapr | null;
}
