export { iniciarTrazas, type OpcionesTrazas, type Trazas } from './proveedor';
export { ESQUEMA_TRAZAS, opcionesTrazas, type ConfiguracionTrazas } from './configuracion-trazas';
export { traceparentActivo } from './span';
export { enSpanServidorGrpc } from './span-servidor-grpc';
export { enSpanEvento } from './span-evento';
export { enSpanPublicacion } from './span-publicacion';
export { enSpanClienteHttp } from './span-cliente-http';
