import { migracionInbox, migracionOutbox, type Migracion } from '@alpes/seedwork';
import { migracionPagos } from './0001-pagos';

/** Every migration of pagos, in order (append only; names never change). */
export const MIGRACIONES_PAGOS: Migracion[] = [migracionOutbox, migracionInbox, migracionPagos];
