// `npm run migrar -w services/liquidacion` (and the Kubernetes migration Job): applies pending migrations
// with the migration role (URL_BASE_DATOS_MIGRACION, owner of the schema) and exits; main.ts also
// migrates unless MIGRAR_AL_INICIAR=false.
import { ejecutarMigraciones } from '@alpes/seedwork/servicio';
import { MIGRACIONES } from './infraestructura/migraciones';

ejecutarMigraciones('liquidacion', MIGRACIONES);
