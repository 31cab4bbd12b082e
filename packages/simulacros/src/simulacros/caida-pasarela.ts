// outage: the PSP is blocked during the load -> retries -> dead letter -> FALLIDO; then it is
// allowed again, every FALLIDO is replayed in bulk and must end PAGADO, paid exactly once.
import { reintentarEnLote } from '@alpes/cli';
import type { Verificacion } from '../verificacion/invariantes';
import { segundos, type Ejecucion } from './ejecucion';

export async function simulacroCaida(ej: Ejecucion): Promise<Verificacion> {
  await ej.pasarela.permitir();
  ej.alInterrumpir('permitir la pasarela', () => ej.pasarela.permitir());
  await ej.pasarela.bloquear();
  ej.marcar('pasarela bloqueada', 'falla');
  let fallidos: string[] = [];
  try {
    ej.seguidor.iniciar(500);
    await ej.cargar(ej.o.duracionS * 1000);
    ej.marcar('fin de la carga', 'evento');
    const todos = await ej.esperarAsentamiento('pagos (durante el bloqueo)');
    ej.marcar(todos ? 'todos terminales durante el bloqueo' : 'plazo vencido durante el bloqueo', 'evento');
    fallidos = ej.aceptados.filter((id) => ej.seguidor.estadoDe(id) === 'FALLIDO');
    const noFallidos = ej.aceptados.filter((id) => ej.seguidor.estadoDe(id) !== 'FALLIDO');
    ej.agregarInvariante({
      nombre: 'fallido-durante-bloqueo',
      descripcion:
        'con la pasarela bloqueada, cada pago aceptado agotó sus reintentos y quedó FALLIDO (dead letter)',
      cantidad: noFallidos.length,
      ejemplos: noFallidos.slice(0, 10).map((id) => `${id} (${ej.seguidor.estadoDe(id)})`),
    });
    const aceptados = new Set(ej.aceptados);
    const pagadosBloqueada = (await ej.objetivo.ledger())
      .filter((t) => aceptados.has(t.id_pago))
      .map((t) => t.id_pago);
    ej.agregarInvariante({
      nombre: 'sin-pagos-durante-bloqueo',
      descripcion: 'la pasarela bloqueada no registró ninguna transferencia',
      cantidad: pagadosBloqueada.length,
      ejemplos: pagadosBloqueada.slice(0, 10),
    });
  } finally {
    await ej.pasarela.permitir();
    ej.yaNoHaceFalta('permitir la pasarela');
  }
  const permitida = ej.reloj();
  ej.marcar('pasarela permitida', 'reinicio');
  ej.marcar(`reintento masivo de ${fallidos.length} FALLIDO`, 'evento');
  ej.seguidor.reabrir(fallidos);
  const r = await reintentarEnLote(ej.pagos, fallidos, { concurrencia: 16 });
  ej.seguidor.reabrir(r.omitidos); // replayed by someone else meanwhile: follow them all the same
  if (r.errores.length) {
    ej.notas.push(
      `reintento masivo: ${r.errores.length} errores, p. ej. ${r.errores[0]?.codigo} ${r.errores[0]?.mensaje}`,
    );
  }
  ej.agregarInvariante({
    nombre: 'reintento-masivo',
    descripcion: 'ReintentarPago aceptó cada pago FALLIDO',
    cantidad: r.errores.length,
    ejemplos: r.errores.slice(0, 10).map((e) => `${e.idPago} ${e.codigo}`),
  });
  const todosPagados = await ej.esperarAsentamiento('pagos reintentados');
  ej.marcar('todos terminales tras el reintento', 'listo');
  const primer = ej.medidor.primerAsentamientoDesde(permitida);
  ej.recuperaciones.push({
    componente: 'pasarela (bloqueo)',
    matadoS: 0,
    reiniciadoS: segundos(permitida),
    listoS: segundos(permitida),
    msHastaListo: 0,
    msHastaPrimeraAceptacion: null,
    msHastaPrimerAsentamiento: primer === null ? null : Math.round(primer - permitida),
    msRecuperacion: todosPagados ? Math.round(ej.reloj() - permitida) : null,
  });
  ej.notas.push(
    `recuperación de la caída: de permitir a todos terminales ${todosPagados ? `${Math.round(ej.reloj() - permitida)} ms` : 'no ocurrió en el plazo'}`,
  );
  return ej.verificar('PAGADO');
}
