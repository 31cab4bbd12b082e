// Default addresses of the local runtime (DESIGN §7), moved the way packages/entorno moves them:
// an explicit ALPES_PAGOS / ALPES_LIQUIDACION / ALPES_PASARELA wins, then the harness's
// ALPES_PUERTO_<NAME> port overrides, then the documented ports.

export interface Direcciones {
  pagos: string;
  liquidacion: string;
  pasarela: string;
}

export function direccionesPorOmision(env: NodeJS.ProcessEnv): Direcciones {
  const puerto = (variable: string, omision: number) => env[variable] || String(omision);
  return {
    pagos: env.ALPES_PAGOS || `127.0.0.1:${puerto('ALPES_PUERTO_PAGOS_GRPC', 50051)}`,
    liquidacion: env.ALPES_LIQUIDACION || `127.0.0.1:${puerto('ALPES_PUERTO_LIQUIDACION_GRPC', 50052)}`,
    pasarela: env.ALPES_PASARELA || `http://127.0.0.1:${puerto('ALPES_PUERTO_PASARELA', 4010)}`,
  };
}
