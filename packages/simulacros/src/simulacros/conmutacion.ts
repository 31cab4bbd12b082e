// failover: under steady load, kill -9 each component in turn, keep it down, restart it, and
// measure how long until the system accepts and settles again; at the end every accepted pago
// must have reached one terminal state and the PSP must have paid each at most once.
import { reintentarEnLote } from '@alpes/cli';
import type { Verificacion } from '../verificacion/invariantes';
import { dormir, type Ejecucion } from './ejecucion';

export async function simulacroConmutacion(ej: Ejecucion): Promise<Verificacion> {
  const plazoListoMs = 300_000;
  const plazoRecuperacionMs = ej.o.corto ? 90_000 : 180_000;
  ej.seguidor.iniciar(250);
  const parar = new AbortController();
  ej.marcar(`carga: ${ej.o.tasa}/s`, 'evento');
  const carga = ej.cargar(Infinity, parar.signal);
  try {
    await dormir(ej.o.entreFallasS * 1000);
    for (const componente of ej.o.componentes) {
      const r = await ej.falla(componente, plazoListoMs, plazoRecuperacionMs);
      process.stderr.write(
        `\n» ${componente}: listo en ${r.msHastaListo ?? '-'} ms, recuperado en ${r.msRecuperacion ?? 'nunca'} ms\n`,
      );
      await dormir(ej.o.entreFallasS * 1000);
    }
  } finally {
    parar.abort();
    await carga;
    ej.marcar('fin de la carga', 'evento');
  }
  for (const r of ej.recuperaciones) {
    ej.agregarInvariante({
      nombre: `recuperacion-${r.componente}`,
      descripcion: `tras reiniciar ${r.componente} el sistema volvió a aceptar y asentar pagos en ${plazoRecuperacionMs / 1000} s`,
      cantidad: r.msRecuperacion === null ? 1 : 0,
      ejemplos: [],
    });
  }
  await ej.esperarAsentamiento('pagos aceptados');
  const replay = await reintentarFallidos(ej);
  return ej.verificar(replay ? 'PAGADO' : undefined);
}

/**
 * Deliveries in flight when a component died may run out of retries and end FALLIDO (some after the
 * PSP paid them). The operator's recovery is a bulk replay: each must then end PAGADO, and the PSP
 * key must keep those already paid from being paid again (checked by the final verification).
 * Returns whether there was anything to replay.
 */
async function reintentarFallidos(ej: Ejecucion): Promise<boolean> {
  const poblacion = await ej.poblacionTerminal();
  const sinTerminar = poblacion.filter((p) => p.estado === 'SOLICITADO').map((p) => p.id);
  ej.agregarInvariante({
    nombre: 'terminal-tras-las-fallas',
    descripcion: 'tras las fallas, y antes de reintentar nada, todo pago creado llegó a un estado terminal',
    cantidad: sinTerminar.length,
    ejemplos: sinTerminar.slice(0, 10),
  });
  const fallidos = poblacion.filter((p) => p.estado === 'FALLIDO').map((p) => p.id);
  if (fallidos.length === 0) return false;
  const pagados = new Set((await ej.objetivo.ledger()).map((t) => t.id_pago));
  const yaPagados = fallidos.filter((id) => pagados.has(id)).length;
  ej.notas.push(
    `${fallidos.length} pagos quedaron FALLIDO (reintentos agotados mientras un componente estaba caído); ` +
      `${yaPagados} de ellos ya estaban pagados en la pasarela: el reintento masivo debe llevarlos a PAGADO sin pagar otra vez`,
  );
  ej.marcar(`reintento masivo de ${fallidos.length} FALLIDO`, 'evento');
  ej.seguidor.reabrir(fallidos);
  const r = await reintentarEnLote(ej.pagos, fallidos, { concurrencia: 16 });
  ej.agregarInvariante({
    nombre: 'reintento-masivo',
    descripcion: 'ReintentarPago aceptó cada pago FALLIDO tras las fallas',
    cantidad: r.errores.length,
    ejemplos: r.errores.slice(0, 10).map((e) => `${e.idPago} ${e.codigo}`),
  });
  await ej.esperarAsentamiento('pagos reintentados');
  ej.marcar('reintentados terminales', 'listo');
  return true;
}
