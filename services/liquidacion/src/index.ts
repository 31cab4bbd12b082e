export { iniciarServicio, type ServicioLiquidacion } from './servicio';
export { leerConfiguracionLiquidacion, type ConfiguracionLiquidacion } from './configuracion';
