// What the CLI accepts: every command with its flags and help text. Argument parsing and help are
// both derived from this table, so they cannot drift apart.

export interface EspecOpcion {
  tipo: 'string' | 'boolean';
  corta?: string;
  valor?: string;
  descripcion: string;
}

export interface EspecComando {
  grupo: 'pagos' | 'liquidaciones' | 'pasarela';
  accion: string;
  resumen: string;
  /** Name of the single positional argument, when the command takes one. */
  posicional?: string;
  opciones: Record<string, EspecOpcion>;
}

// prettier-ignore
export const OPCIONES_GLOBALES: Record<string, EspecOpcion> = {
  pagos: { tipo: 'string', valor: 'host:puerto', descripcion: 'gRPC de pagos (env ALPES_PAGOS; 127.0.0.1:50051)' },
  liquidacion: { tipo: 'string', valor: 'host:puerto', descripcion: 'gRPC de liquidacion (env ALPES_LIQUIDACION; 127.0.0.1:50052)' },
  pasarela: { tipo: 'string', valor: 'url', descripcion: 'HTTP de la pasarela (env ALPES_PASARELA; http://127.0.0.1:4010)' },
  json: { tipo: 'boolean', descripcion: 'salida JSON (una línea por objeto o un documento) para scripts' },
  'plazo-ms': { tipo: 'string', valor: 'ms', descripcion: 'plazo de cada llamada (10000)' },
  ayuda: { tipo: 'boolean', corta: 'h', descripcion: 'esta ayuda' },
};

const ESTADOS_PAGO = 'solicitado|pagado|rechazado|fallido';
const ESTADOS_LIQUIDACION = 'en-proceso|exitosa|rechazada|fallida';

// prettier-ignore
export const COMANDOS: EspecComando[] = [
  {
    grupo: 'pagos', accion: 'solicitar', resumen: 'solicita un pago (queda SOLICITADO y se liquida después)',
    opciones: {
      influencer: { tipo: 'string', valor: 'id', descripcion: 'id_influencer (obligatorio)' },
      monto: { tipo: 'string', valor: 'decimal', descripcion: 'monto en unidades mayores, ej. 1500.00' },
      'unidades-menores': { tipo: 'string', valor: 'entero', descripcion: 'o el monto en unidades menores, ej. 150000' },
      moneda: { tipo: 'string', valor: 'ISO-4217', descripcion: 'moneda, ej. COP (obligatoria)' },
      programa: { tipo: 'string', valor: 'id', descripcion: 'id_programa' },
      referencia: { tipo: 'string', valor: 'texto', descripcion: 'referencia del pago' },
      clave: { tipo: 'string', valor: 'texto', descripcion: 'clave_idempotencia (por omisión un UUID nuevo)' },
    },
  },
  { grupo: 'pagos', accion: 'obtener', resumen: 'un pago con su historial', posicional: 'id_pago', opciones: {} },
  {
    grupo: 'pagos', accion: 'listar', resumen: 'pagos, los más nuevos primero',
    opciones: {
      estado: { tipo: 'string', valor: ESTADOS_PAGO, descripcion: 'filtra por estado' },
      influencer: { tipo: 'string', valor: 'id', descripcion: 'filtra por id_influencer' },
      tamano: { tipo: 'string', valor: '1..500', descripcion: 'pagos por página (50)' },
      pagina: { tipo: 'string', valor: 'token', descripcion: 'token de página de una llamada anterior' },
      todas: { tipo: 'boolean', descripcion: 'recorre todas las páginas' },
    },
  },
  { grupo: 'pagos', accion: 'reintentar', resumen: 'FALLIDO -> SOLICITADO: un nuevo intento de liquidación', posicional: 'id_pago', opciones: {} },
  {
    grupo: 'pagos', accion: 'reintentar-fallidos', resumen: 'reintenta todos los pagos FALLIDO (recorre ListarPagos)',
    opciones: {
      influencer: { tipo: 'string', valor: 'id', descripcion: 'solo los de este id_influencer' },
      concurrencia: { tipo: 'string', valor: '1..256', descripcion: 'reintentos en paralelo (8)' },
      tamano: { tipo: 'string', valor: '1..500', descripcion: 'pagos por página al listar (500)' },
      simular: { tipo: 'boolean', descripcion: 'solo lista lo que reintentaría' },
    },
  },
  { grupo: 'liquidaciones', accion: 'obtener', resumen: 'la liquidación de un pago con sus intentos', posicional: 'id_pago', opciones: {} },
  {
    grupo: 'liquidaciones', accion: 'listar', resumen: 'liquidaciones, las más nuevas primero',
    opciones: {
      estado: { tipo: 'string', valor: ESTADOS_LIQUIDACION, descripcion: 'filtra por estado' },
      tamano: { tipo: 'string', valor: '1..500', descripcion: 'liquidaciones por página (50)' },
      pagina: { tipo: 'string', valor: 'token', descripcion: 'token de página' },
      todas: { tipo: 'boolean', descripcion: 'recorre todas las páginas' },
    },
  },
  { grupo: 'pasarela', accion: 'bloquear', resumen: 'toda transferencia responde 503 (una caída)', opciones: {} },
  { grupo: 'pasarela', accion: 'permitir', resumen: 'termina la caída', opciones: {} },
  { grupo: 'pasarela', accion: 'estado', resumen: 'bloqueo, fallas, tamaño del libro y contadores', opciones: {} },
  {
    grupo: 'pasarela', accion: 'fallas', resumen: 'sin opciones muestra las fallas; con opciones las REEMPLAZA todas',
    opciones: {
      'tasa-error': { tipo: 'string', valor: '0..1', descripcion: 'fracción de transferencias que responden 503' },
      'latencia-ms': { tipo: 'string', valor: 'ms', descripcion: 'latencia añadida a cada transferencia' },
      rechazar: { tipo: 'string', valor: 'id,id', descripcion: 'influencers que reciben 422 (rechazo permanente)' },
      ninguna: { tipo: 'boolean', descripcion: 'quita todas las fallas' },
    },
  },
  {
    grupo: 'pasarela', accion: 'transferencias', resumen: 'el libro de transferencias pagadas',
    opciones: { pago: { tipo: 'string', valor: 'id_pago', descripcion: 'solo las de este pago' } },
  },
];

export function buscarComando(grupo: string, accion: string): EspecComando | undefined {
  return COMANDOS.find((c) => c.grupo === grupo && c.accion === accion);
}
