// `npm run migrar -w services/pagos` (and the Kubernetes migration Job): applies pending migrations with
// the migration role (URL_BASE_DATOS_MIGRACION, owner of the schema) and exits.
import { ejecutarMigraciones } from '@alpes/seedwork/servicio';
import { MIGRACIONES_PAGOS } from './infraestructura/migraciones';

ejecutarMigraciones('pagos', MIGRACIONES_PAGOS);
