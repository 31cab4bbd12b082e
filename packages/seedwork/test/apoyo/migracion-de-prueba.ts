// A migration entry point run through ejecutarMigraciones, for migracion-proceso tests: its environment
// is the test's (URL_BASE_DATOS_MIGRACION, NIVEL_LOG); it applies the outbox's migrations.
import { migracionOutbox } from '../../src/infraestructura';
import { ejecutarMigraciones } from '../../src/servicio';

ejecutarMigraciones('prueba', [migracionOutbox]);
