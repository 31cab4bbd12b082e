export { Pasarela, type Transferencia, type Respuesta, type OpcionesPasarela } from './pasarela';
export { crearServidorPasarela, type RegistroLog } from './servidor-http';
export { validarFallas, validarTransferencia, ErrorValidacion, type Fallas } from './validacion';
