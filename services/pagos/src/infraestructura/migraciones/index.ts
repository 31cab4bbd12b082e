import { MIGRACIONES_SEEDWORK, type Migracion } from '@alpes/seedwork';
import { migracionPagos } from './0001-pagos';

/** Every migration of pagos, in order (append only; names never change). */
export const MIGRACIONES_PAGOS: Migracion[] = [...MIGRACIONES_SEEDWORK, migracionPagos];
