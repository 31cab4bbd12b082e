// `npm run sincronizar -w @alpes/despliegue`: refreshes charts/alpes-pagos/topicos.json from contratos.
import { rutasChart } from '../raiz';
import { sincronizarTopicos } from '../topicos';

const { copiaTopicos } = rutasChart();
console.log(sincronizarTopicos() ? `actualizado ${copiaTopicos}` : `${copiaTopicos} ya estaba al día`);
