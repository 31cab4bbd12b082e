// poison: undecodable and invalid events published straight to pagos-solicitados during the load
// must reach the dead-letter topic, loop zero times (no redelivery, no backlog left behind), pay
// nothing, and valid payments must keep flowing and end PAGADO, paid exactly once. Events forged
// straight at the services' ports (not through daprd) must be refused and pay nothing either.
import { NOMBRES, TOPICOS } from '@alpes/contratos';
import type { EstadisticasTopico } from '../objetivos/objetivo';
import type { Verificacion } from '../verificacion/invariantes';
import { dormir, type Ejecucion } from './ejecucion';
import { intentarEventosForjados, type IntentoForjado } from './eventos-forjados';
import { crearVeneno, type Veneno } from './venenos';

/** What a subscription delivered and still holds (Pulsar admin stats). */
interface ContadoresSuscripcion {
  salida: number;
  backlog: number;
}

interface Contadores {
  entradaDlq: number;
  entradaTopico: number;
  /** liquidacion's subscription to pagos-solicitados. */
  suscripcion: ContadoresSuscripcion;
  /** Every subscription to the dead-letter topic (liquidacion's, and pagos' if it has one). */
  suscripcionesDlq: Record<string, ContadoresSuscripcion>;
}

function deSuscripcion(s?: { msgOutCounter: number; msgBacklog: number }): ContadoresSuscripcion {
  return { salida: s?.msgOutCounter ?? 0, backlog: s?.msgBacklog ?? 0 };
}

function contadores(topico?: EstadisticasTopico, dlq?: EstadisticasTopico): Contadores {
  return {
    entradaDlq: dlq?.msgInCounter ?? 0,
    entradaTopico: topico?.msgInCounter ?? 0,
    suscripcion: deSuscripcion(topico?.suscripciones[NOMBRES.appIds.liquidacion]),
    suscripcionesDlq: Object.fromEntries(
      Object.entries(dlq?.suscripciones ?? {}).map(([n, x]) => [n, deSuscripcion(x)]),
    ),
  };
}

/**
 * Deliveries beyond one per message: dispatched in the window = published in it + what was pending
 * before - what is pending after; anything more was delivered again (a nack, a redelivery loop).
 */
export function reentregas(
  antes: ContadoresSuscripcion,
  despues: ContadoresSuscripcion,
  entradas: number,
): number {
  return despues.salida - antes.salida - (entradas + antes.backlog - despues.backlog);
}

async function leerContadores(ej: Ejecucion): Promise<Contadores> {
  const [t, d] = await Promise.all([
    ej.objetivo.estadisticas(TOPICOS.pagosSolicitados),
    ej.objetivo.estadisticas(TOPICOS.pagosSolicitadosDlq),
  ]);
  return contadores(t, d);
}

/** Backlog of liquidacion's subscription plus every subscription of the dead-letter topic. */
async function backlogPendiente(ej: Ejecucion): Promise<number> {
  const [t, d] = await Promise.all([
    ej.objetivo.estadisticas(TOPICOS.pagosSolicitados),
    ej.objetivo.estadisticas(TOPICOS.pagosSolicitadosDlq),
  ]);
  const dlq = Object.values(d?.suscripciones ?? {}).reduce((s, x) => s + x.msgBacklog + x.unackedMessages, 0);
  const sub = t?.suscripciones[NOMBRES.appIds.liquidacion];
  return (sub?.msgBacklog ?? 0) + (sub?.unackedMessages ?? 0) + dlq;
}

export async function simulacroVeneno(ej: Ejecucion): Promise<Verificacion> {
  await ej.pasarela.permitir();
  const antes = await leerContadores(ej);
  ej.seguidor.iniciar(500);
  ej.marcar(`carga: ${ej.o.tasa}/s`, 'evento');
  const carga = ej.cargar(ej.o.duracionS * 1000);
  await dormir((ej.o.duracionS * 1000) / 3);
  const venenos: Veneno[] = ej.o.tiposVeneno.flatMap((tipo) =>
    Array.from({ length: ej.o.venenos }, (_, n) => crearVeneno(tipo, n, ej.idEjecucion)),
  );
  for (const v of venenos)
    await ej.objetivo.publicarCrudo(TOPICOS.pagosSolicitados, v.bytes, v.tipoContenido);
  const publicados = ej.reloj();
  ej.marcar(`${venenos.length} venenos publicados`, 'falla');
  const forjados = await intentarEventosForjados(ej.direcciones, ej.idEjecucion);
  ej.marcar(`${forjados.length} eventos forjados enviados a los puertos de los servicios`, 'falla');
  // when the last one reached the dead-letter topic, watched from the moment they were published
  const llegadaDlq = vigilarLlegada(ej, antes.entradaDlq + venenos.length, ej.o.plazoS * 1000);
  await carga;
  ej.marcar('fin de la carga', 'evento');
  await ej.esperarAsentamiento('pagos válidos');

  // the poison must have reached the dead-letter topic and nothing may be left in flight
  const limite = ej.reloj() + ej.o.plazoS * 1000;
  let despues = await leerContadores(ej);
  let pendiente = await backlogPendiente(ej);
  while (ej.reloj() < limite && (despues.entradaDlq - antes.entradaDlq < venenos.length || pendiente > 0)) {
    await dormir(500);
    despues = await leerContadores(ej);
    pendiente = await backlogPendiente(ej);
  }
  const enDlq = await llegadaDlq;
  if (enDlq !== null)
    ej.marcas.push({ t: enDlq / 1000, etiqueta: 'venenos en el dead letter', tipo: 'listo' });
  // stays drained: a poison message being redelivered would show up again
  await dormir(2000);
  despues = await leerContadores(ej);
  pendiente = await backlogPendiente(ej);
  ej.marcar('contadores finales de Pulsar', 'evento');

  const aDlq = despues.entradaDlq - antes.entradaDlq;
  const enTopico = reentregas(
    antes.suscripcion,
    despues.suscripcion,
    despues.entradaTopico - antes.entradaTopico,
  );
  const enDlqPorSuscripcion = Object.entries(despues.suscripcionesDlq).map(([nombre, d]) => ({
    nombre,
    n: reentregas(antes.suscripcionesDlq[nombre] ?? { salida: 0, backlog: 0 }, d, aDlq),
  }));
  const enDeadLetter = enDlqPorSuscripcion.reduce((s, x) => s + Math.max(0, x.n), 0);
  ej.agregarInvariante({
    nombre: 'veneno-a-dlq',
    descripcion: `los ${venenos.length} mensajes venenosos llegaron al tópico ${TOPICOS.pagosSolicitadosDlq}`,
    cantidad: Math.max(0, venenos.length - aDlq),
    ejemplos: [`${aDlq} mensajes nuevos en ${TOPICOS.pagosSolicitadosDlq}`],
  });
  if (aDlq > venenos.length) {
    ej.notas.push(
      `${aDlq - venenos.length} mensajes más que los venenos llegaron al dead letter (¿pagos válidos fallidos?)`,
    );
  }
  ej.agregarInvariante({
    nombre: 'sin-bucles',
    descripcion:
      'nada quedó pendiente ni se reentregó: backlog, no confirmados y reentregas en 0 en la suscripción de liquidacion y en las del dead letter',
    cantidad: pendiente + Math.max(0, enTopico) + enDeadLetter,
    ejemplos: [
      `backlog+unacked ${pendiente}`,
      `reentregas en ${TOPICOS.pagosSolicitados} ${enTopico}`,
      `reentregas en ${TOPICOS.pagosSolicitadosDlq} ${enDlqPorSuscripcion.map((x) => `${x.nombre} ${x.n}`).join(', ') || '-'}`,
    ],
  });
  registrarForjados(ej, forjados);
  const conIdPago = new Set([
    ...venenos.flatMap((v) => (v.idPago ? [v.idPago] : [])),
    ...forjados.map((f) => f.idPago),
  ]);
  const pagados = (await ej.objetivo.ledger()).filter((t) => conIdPago.has(t.id_pago)).map((t) => t.id_pago);
  ej.agregarInvariante({
    nombre: 'veneno-sin-pago',
    descripcion: 'ningún mensaje venenoso ni evento forjado produjo una transferencia',
    cantidad: pagados.length,
    ejemplos: pagados.slice(0, 10),
  });
  ej.notas.push(
    `venenos: ${venenos.length} (${ej.o.tiposVeneno.join(', ')} × ${ej.o.venenos}); al dead letter: ${aDlq}` +
      (enDlq === null
        ? ''
        : ` en ${Math.round(enDlq - publicados)} ms desde la publicación (muestreo cada 0,25 s)`) +
      `; reentregas medidas en Pulsar: ${enTopico} en ${TOPICOS.pagosSolicitados}, ${enDeadLetter} en ${TOPICOS.pagosSolicitadosDlq}`,
  );
  return ej.verificar('PAGADO');
}

/** Every forgery refused with the expected code; says what the cluster target cannot try. */
function registrarForjados(ej: Ejecucion, forjados: IntentoForjado[]): void {
  const aceptados = forjados.filter((f) => f.obtenido !== f.esperado);
  ej.agregarInvariante({
    nombre: 'eventos-forjados-rechazados',
    descripcion:
      'un evento enviado directo a un servicio, sin pasar por su daprd, se rechaza: UNIMPLEMENTED en el puerto público, UNAUTHENTICATED en el AppCallback sin token o con uno equivocado',
    cantidad: aceptados.length,
    ejemplos: (aceptados.length > 0 ? aceptados : forjados).map(
      (f) => `${f.descripcion}: ${f.obtenido} (se esperaba ${f.esperado})`,
    ),
  });
  if (!ej.direcciones.appCallbacks) {
    ej.notas.push(
      'eventos forjados: solo en los puertos públicos; el AppCallback escucha en el loopback del pod, inalcanzable desde fuera del pod (el chart no lo publica en el Service)',
    );
  }
}

/** Drill-clock instant when the dead-letter topic's input counter reached `meta`; null past the deadline. */
async function vigilarLlegada(ej: Ejecucion, meta: number, plazoMs: number): Promise<number | null> {
  const limite = ej.reloj() + plazoMs;
  while (ej.reloj() < limite) {
    const d = await ej.objetivo.estadisticas(TOPICOS.pagosSolicitadosDlq).catch(() => undefined);
    if ((d?.msgInCounter ?? 0) >= meta) return ej.reloj();
    await dormir(250);
  }
  return null;
}
