import { migracionInbox } from './inbox';
import type { Migracion } from './migraciones';
import {
  migracionOutbox,
  migracionOutboxClaveParticion,
  migracionOutboxDespierto,
  migracionOutboxNotificaConFilas,
} from './outbox';

/** Every seedwork table (outbox, inbox, relay wake-up signal) in order: put it first in a service's list. */
export const MIGRACIONES_SEEDWORK: readonly Migracion[] = [
  migracionOutbox,
  migracionInbox,
  migracionOutboxDespierto,
  migracionOutboxNotificaConFilas,
  migracionOutboxClaveParticion,
];
