// `node dist/src/cli/aprovisionar-helm.js`: builds helm if it is not cached yet and prints its path.
import { asegurarHelm } from '../helm';

asegurarHelm()
  .then((ruta) => console.log(ruta))
  .catch((error: Error) => {
    console.error(error.message);
    process.exit(1);
  });
