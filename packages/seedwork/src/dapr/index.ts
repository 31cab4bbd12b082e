export { registrarAppCallback, OpcionesAppCallback } from './app-callback';
export {
  iniciarServidorAppCallback,
  HOST_APP_CALLBACK,
  OpcionesServidorAppCallback,
  ServidorAppCallback,
} from './servidor-app-callback';
export { CABECERA_TOKEN_DAPR, exigirTokenDeApp, tokenCoincide } from './token-app';
export { TOKENS_DAPR } from './tokens-dapr';
export { PublicadorDapr, OpcionesPublicadorDapr } from './publicador-dapr';
export { RegistroMinimo } from './registro-minimo';
export { Limitador } from './limitador';
export {
  sobreSuscripcion,
  DefinicionSuscripcion,
  DesenlaceSobre,
  SuscripcionConLote,
} from './sobre-suscripcion';
export { desdeJsonProto, CodecJson } from './json-proto';
export { esquemaLoteSuscripcion, LIMITE_EVENTOS_POR_LOTE, loteDeConfiguracion } from './lote-suscripcion';
