// Local endpoints (DESIGN §7). Every port can be moved with ALPES_PUERTO_<NAME>; the test harness
// uses its own block (base + 11000) so `npm test` runs beside a live `npm start`.
const PREDETERMINADOS = {
  postgres: 5433,
  pulsar: 6650,
  pulsarAdmin: 8080,
  pasarela: 4010,
  pagosGrpc: 50051,
  pagosAppCallback: 50061,
  pagosDaprGrpc: 50001,
  pagosDaprHttp: 3500,
  pagosDaprInterno: 50011,
  pagosDaprMetricas: 9191,
  pagosMetricas: 9091,
  liquidacionGrpc: 50052,
  liquidacionAppCallback: 50062,
  liquidacionDaprGrpc: 50002,
  liquidacionDaprHttp: 3501,
  liquidacionDaprInterno: 50012,
  liquidacionDaprMetricas: 9192,
  liquidacionMetricas: 9092,
  control: 4099,
};

export type Puertos = typeof PREDETERMINADOS;

export function puertos(desplazamiento = 0): Puertos {
  const resultado = { ...PREDETERMINADOS };
  for (const clave of Object.keys(resultado) as (keyof Puertos)[]) {
    const variable = `ALPES_PUERTO_${clave.replace(/[A-Z]/g, (l) => `_${l}`).toUpperCase()}`;
    const valor = process.env[variable];
    resultado[clave] = valor ? Number(valor) : resultado[clave] + desplazamiento;
    if (!Number.isInteger(resultado[clave]) || resultado[clave] <= 0 || resultado[clave] > 65535) {
      throw new Error(`${variable}=${valor} is not a valid port (1..65535)`);
    }
  }
  return resultado;
}

/**
 * The test block's offset. 11000 puts every port outside Linux's default ephemeral range (32768-60999):
 * with +10000 the 6005x/6006x ports were inside it, and a readiness probe's or a sidecar's outgoing
 * connection could hold one (even its TIME_WAIT blocks a bind) before the server meant for it started.
 */
export const DESPLAZAMIENTO_PRUEBAS_PREDETERMINADO = 11_000;

/** Ports of a test run: base + 11000, or ALPES_DESPLAZAMIENTO_PRUEBAS to run two suites at once. */
export function desplazamientoPruebas(): number {
  const valor = Number(process.env.ALPES_DESPLAZAMIENTO_PRUEBAS ?? DESPLAZAMIENTO_PRUEBAS_PREDETERMINADO);
  if (!Number.isInteger(valor) || valor < 1_000 || valor > 15_000) {
    throw new Error(`ALPES_DESPLAZAMIENTO_PRUEBAS=${valor} must be a whole number from 1000 to 15000`);
  }
  return valor;
}
