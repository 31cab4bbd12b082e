// The promises a drill proves, checked on plain data so every violation can be unit-tested:
// nothing accepted is lost, everything reaches one terminal state, idempotency keys create one
// pago, the PSP paid each pago at most once and every PAGADO exactly once.
import type { EstadoPagoNombre } from '../carga/seguidor';

export interface PagoObservado {
  id: string;
  estado: EstadoPagoNombre;
  claveIdempotencia: string;
}

export interface DatosVerificacion {
  /** ids whose SolicitarPago returned OK. */
  aceptados: readonly string[];
  /** Every pago the drill created, as the service lists them now (includes calls whose answer was lost). */
  poblacion: readonly PagoObservado[];
  /** id_pago of every payout in the PSP ledger (may include other runs' pagos: they are ignored). */
  transferencias: readonly string[];
  /** When the drill expects one final state for all (outage after replay: PAGADO). */
  estadoFinalEsperado?: EstadoPagoNombre;
}

export interface Invariante {
  nombre: string;
  descripcion: string;
  ok: boolean;
  /** How many pagos break it and a few of their ids. */
  cantidad: number;
  ejemplos: string[];
}

export interface Verificacion {
  invariantes: Invariante[];
  advertencias: string[];
  conteos: {
    aceptados: number;
    poblacion: number;
    sinConfirmar: number;
    porEstado: Record<EstadoPagoNombre, number>;
    transferencias: number;
    pagadosConUnaTransferencia: number;
  };
  ok: boolean;
}

const EJEMPLOS = 10;

function invariante(nombre: string, descripcion: string, fallan: string[]): Invariante {
  return {
    nombre,
    descripcion,
    ok: fallan.length === 0,
    cantidad: fallan.length,
    ejemplos: fallan.slice(0, EJEMPLOS),
  };
}

export function verificarInvariantes(d: DatosVerificacion): Verificacion {
  const porId = new Map(d.poblacion.map((p) => [p.id, p]));
  const aceptados = new Set(d.aceptados);
  const transferenciasPorPago = new Map<string, number>();
  for (const id of d.transferencias) {
    if (porId.has(id) || aceptados.has(id))
      transferenciasPorPago.set(id, (transferenciasPorPago.get(id) ?? 0) + 1);
  }
  const porEstado: Record<EstadoPagoNombre, number> = { SOLICITADO: 0, PAGADO: 0, RECHAZADO: 0, FALLIDO: 0 };
  for (const p of d.poblacion) porEstado[p.estado]++;

  const perdidos = [...aceptados].filter((id) => !porId.has(id));
  const sinTerminar = d.poblacion.filter((p) => p.estado === 'SOLICITADO').map((p) => p.id);
  const porClave = new Map<string, string[]>();
  for (const p of d.poblacion)
    porClave.set(p.claveIdempotencia, [...(porClave.get(p.claveIdempotencia) ?? []), p.id]);
  const clavesRepetidas = [...porClave.entries()]
    .filter(([, ids]) => ids.length > 1)
    .flatMap(([, ids]) => ids);
  const pagadosDosVeces = [...transferenciasPorPago.entries()].filter(([, n]) => n > 1).map(([id]) => id);
  const pagados = d.poblacion.filter((p) => p.estado === 'PAGADO');
  const pagadosSinTransferencia = pagados
    .filter((p) => (transferenciasPorPago.get(p.id) ?? 0) === 0)
    .map((p) => p.id);

  const invariantes = [
    invariante('ninguno-perdido', 'todo pago cuya SolicitarPago respondió OK existe', perdidos),
    invariante(
      'estado-terminal',
      'todo pago creado llegó a un estado terminal (PAGADO, RECHAZADO o FALLIDO)',
      sinTerminar,
    ),
    invariante('idempotencia', 'cada clave_idempotencia creó un solo pago', clavesRepetidas),
    invariante(
      'a-lo-sumo-una-transferencia',
      'la pasarela pagó cada pago a lo sumo una vez',
      pagadosDosVeces,
    ),
    invariante('una-transferencia-por-pagado', 'cada pago PAGADO tiene exactamente una transferencia', [
      ...pagadosSinTransferencia,
      ...pagadosDosVeces.filter((id) => porId.get(id)?.estado === 'PAGADO'),
    ]),
  ];
  if (d.estadoFinalEsperado) {
    const esperado = d.estadoFinalEsperado;
    invariantes.push(
      invariante(
        `todos-${esperado.toLowerCase()}`,
        `todo pago del simulacro terminó ${esperado}`,
        d.poblacion.filter((p) => p.estado !== esperado).map((p) => p.id),
      ),
    );
  }

  const advertencias: string[] = [];
  const pagadosNoPagado = d.poblacion
    .filter((p) => p.estado !== 'PAGADO' && (transferenciasPorPago.get(p.id) ?? 0) > 0)
    .map((p) => `${p.id} (${p.estado})`);
  if (pagadosNoPagado.length > 0) {
    advertencias.push(
      `${pagadosNoPagado.length} pago(s) con transferencia en la pasarela pero no PAGADO (un reintento los llevará a PAGADO sin pagar otra vez): ${pagadosNoPagado.slice(0, EJEMPLOS).join(', ')}`,
    );
  }
  const sinConfirmar = d.poblacion.filter((p) => !aceptados.has(p.id)).length;
  if (sinConfirmar > 0) {
    advertencias.push(
      `${sinConfirmar} pago(s) creados cuya respuesta no llegó al cliente (p. ej. durante una falla): también se verifican`,
    );
  }
  return {
    invariantes,
    advertencias,
    conteos: {
      aceptados: aceptados.size,
      poblacion: d.poblacion.length,
      sinConfirmar,
      porEstado,
      transferencias: [...transferenciasPorPago.values()].reduce((a, b) => a + b, 0),
      pagadosConUnaTransferencia: pagados.length - pagadosSinTransferencia.length,
    },
    ok: invariantes.every((i) => i.ok),
  };
}
