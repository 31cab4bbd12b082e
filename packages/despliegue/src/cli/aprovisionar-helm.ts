// `node dist/src/cli/aprovisionar-helm.js`: builds helm if it is not cached yet and prints its path.
import { aprovisionarHelm } from '@alpes/entorno';

aprovisionarHelm()
  .then((ruta) => console.log(ruta))
  .catch((error: Error) => {
    console.error(error.message);
    process.exit(1);
  });
