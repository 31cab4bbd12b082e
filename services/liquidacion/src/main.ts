// liquidacion process: reads the environment (configuracion.ts), starts (servicio.ts) and stops on
// SIGTERM/SIGINT through seedwork's ejecutarServicio (exit code 2 on a configuration error, forced exit
// past the deadlines).
import { ejecutarServicio } from '@alpes/seedwork/servicio';
import { leerConfiguracionLiquidacion } from './configuracion';
import { iniciarServicio } from './servicio';

ejecutarServicio({
  nombre: 'liquidacion',
  leerConfiguracion: () => leerConfiguracionLiquidacion(),
  iniciar: iniciarServicio,
});
