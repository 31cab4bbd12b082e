import { paso } from '../progreso';
import { aprovisionarDaprd } from './daprd';
import { binariosPostgres } from './postgres';
import { aprovisionarPulsar } from './pulsar';

/** Everything the local runtime needs, pinned and cached; a warm run takes well under a second. */
export async function aprovisionarTodo(): Promise<void> {
  const inicio = Date.now();
  binariosPostgres();
  // one at a time: both are heavy on a 2-core machine
  await aprovisionarDaprd();
  await aprovisionarPulsar();
  paso(`runtime provisioned in ${((Date.now() - inicio) / 1000).toFixed(1)} s`);
}
