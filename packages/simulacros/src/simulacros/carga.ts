// load: SolicitarPago at a target rate for a while, then wait for everything to settle.
import type { Verificacion } from '../verificacion/invariantes';
import type { Ejecucion } from './ejecucion';

export async function simulacroCarga(ej: Ejecucion): Promise<Verificacion> {
  ej.seguidor.iniciar(500);
  ej.marcar(
    ej.o.cerrado ? `carga: lazo cerrado, ${ej.o.concurrencia} trabajadores` : `carga: ${ej.o.tasa}/s`,
    'evento',
  );
  await ej.cargar(ej.o.duracionS * 1000);
  ej.marcar('fin de la carga', 'evento');
  await ej.esperarAsentamiento();
  return ej.verificar();
}
