// failover: under steady load, kill -9 each component in turn, keep it down, restart it, and
// measure how long until the system accepts and settles again; at the end every accepted pago
// must have reached one terminal state and the PSP must have paid each at most once.
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
  return ej.verificar();
}
