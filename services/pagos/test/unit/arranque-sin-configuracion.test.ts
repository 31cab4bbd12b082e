// Secure by default, no default credentials: without its database URLs or Dapr's tokens pagos refuses
// to start, naming each missing variable (the suite both services share).
import * as path from 'node:path';
import { probarArranqueSinConfiguracion } from '@alpes/seedwork/pruebas';

probarArranqueSinConfiguracion('pagos', path.resolve(__dirname, '../../src'));
