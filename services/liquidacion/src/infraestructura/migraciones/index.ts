import { MIGRACIONES_SEEDWORK, type Migracion } from '@alpes/seedwork';
import { migracionLiquidaciones } from './0001-liquidaciones';

/** Every migration of the liquidacion database, in order. Never reorder or rename a released one. */
export const MIGRACIONES: Migracion[] = [...MIGRACIONES_SEEDWORK, migracionLiquidaciones];
