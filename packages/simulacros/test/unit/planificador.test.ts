import { expect } from 'chai';
import { ejecutarCarga, type Completado } from '../../src/carga/generador';
import {
  debidosHasta,
  instantePrevisto,
  latenciaDesdePrevisto,
  totalPrevisto,
} from '../../src/carga/planificador';

describe('planificador de lazo abierto', () => {
  it('reparte las llegadas uniformemente a la tasa pedida', () => {
    expect(totalPrevisto({ tasa: 200, duracionMs: 15_000 })).to.equal(3000);
    expect(totalPrevisto({ tasa: 3, duracionMs: 1000 })).to.equal(3);
    expect(totalPrevisto({ tasa: 10, duracionMs: Infinity })).to.equal(Infinity);
    expect(instantePrevisto(0, 4)).to.equal(0);
    expect(instantePrevisto(3, 4)).to.equal(750);
    expect(instantePrevisto(1000, 1000)).to.equal(1000);
  });

  it('cuenta como debidas las solicitudes cuyo instante ya llegó, sin perder la frontera por redondeo', () => {
    const plan = { tasa: 3, duracionMs: 10_000 };
    expect(debidosHasta(-1, plan)).to.equal(0);
    expect(debidosHasta(0, plan)).to.equal(1);
    expect(debidosHasta(333, plan)).to.equal(1);
    expect(debidosHasta(1000 / 3, plan)).to.equal(2); // exactly at i=1's instant
    expect(debidosHasta(1000, plan)).to.equal(4);
    expect(debidosHasta(1e9, plan)).to.equal(30); // never more than the run sends
  });

  it('mide la latencia desde el instante previsto, no desde el envío real', () => {
    // request 5 at 100/s was due at 50 ms after a start at 1000; it finished at 1200
    expect(latenciaDesdePrevisto(1200, 1000, 5, 100)).to.equal(150);
  });
});

/** A virtual clock: dormir advances it, so the tests run instantly and deterministically. */
function relojVirtual() {
  let ahora = 0;
  return {
    reloj: () => ahora,
    // completions already due run first (as they would during a real sleep), then time moves
    dormir: async (ms: number) => {
      await new Promise((r) => setImmediate(r));
      ahora += ms;
    },
    avanzar: (ms: number) => {
      ahora += ms;
    },
  };
}

describe('generador de carga', () => {
  it('un servidor que se detiene 1 s carga esa espera a las solicitudes que retrasó (sin omisión coordinada)', async () => {
    const v = relojVirtual();
    const completados: Completado<{ ok: boolean }>[] = [];
    const resumen = await ejecutarCarga(
      async (i) => {
        if (i === 0) v.avanzar(1000); // the whole client stalls for 1 s on the first request
        return { ok: true };
      },
      { modo: 'abierto', tasa: 10, duracionMs: 2000, concurrencia: 100, reloj: v.reloj, dormir: v.dormir },
      (c) => completados.push(c),
    );
    expect(resumen.enviados).to.equal(20);
    const latencia = (i: number) => {
      const c = completados.find((x) => x.i === i)!;
      return c.finMs - c.previstoMs;
    };
    expect(latencia(0)).to.equal(1000);
    expect(latencia(1)).to.equal(900); // due at 100 ms, could only go at 1000 ms
    expect(latencia(5)).to.equal(500);
    expect(latencia(10)).to.equal(0);
  });

  it('con el tope de concurrencia las solicitudes esperan en cola y su espera cuenta como latencia', async () => {
    const v = relojVirtual();
    let enVuelo = 0;
    let maximo = 0;
    const pendientes: (() => void)[] = [];
    const completados: Completado<{ ok: boolean }>[] = [];
    const carga = ejecutarCarga(
      () => {
        enVuelo++;
        maximo = Math.max(maximo, enVuelo);
        return new Promise<{ ok: boolean }>((r) => pendientes.push(() => (enVuelo--, r({ ok: true }))));
      },
      { modo: 'abierto', tasa: 100, duracionMs: 100, concurrencia: 2, reloj: v.reloj, dormir: v.dormir },
      (c) => completados.push(c),
    );
    // let the schedule run to its end (10 requests due over 100 ms) with only 2 allowed in flight
    for (let k = 0; k < 50 && pendientes.length < 2; k++) await new Promise((r) => setImmediate(r));
    v.avanzar(500); // both in flight take 500 ms
    while (completados.length < 10) {
      pendientes.shift()?.();
      await new Promise((r) => setImmediate(r));
    }
    const resumen = await carga;
    expect(maximo).to.equal(2);
    expect(resumen.enviados).to.equal(10);
    expect(resumen.maximoEnCola).to.be.greaterThan(0);
    const ultimo = completados.find((c) => c.i === 9)!;
    expect(ultimo.inicioMs).to.be.greaterThan(ultimo.previstoMs); // it waited for a slot...
    expect(ultimo.finMs - ultimo.previstoMs).to.be.at.least(ultimo.finMs - ultimo.inicioMs); // ...and is charged for it
  });

  it('el lazo cerrado mantiene N trabajadores hasta agotar la duración', async () => {
    const v = relojVirtual();
    let n = 0;
    const resumen = await ejecutarCarga(
      async () => {
        v.avanzar(10);
        n++;
        return { ok: true };
      },
      { modo: 'cerrado', tasa: 0, duracionMs: 100, concurrencia: 1, reloj: v.reloj, dormir: v.dormir },
      () => undefined,
    );
    expect(resumen.enviados).to.equal(10);
    expect(n).to.equal(10);
  });

  it('una señal de parada corta una carga sin fin y espera a las que están en vuelo', async () => {
    const v = relojVirtual();
    const parar = new AbortController();
    let enviados = 0;
    const resumen = await ejecutarCarga(
      async () => {
        if (++enviados === 50) parar.abort();
        return { ok: false, codigo: 'UNAVAILABLE' };
      },
      {
        modo: 'abierto',
        tasa: 1000,
        duracionMs: Infinity,
        concurrencia: 10,
        senal: parar.signal,
        reloj: v.reloj,
        dormir: v.dormir,
      },
      () => undefined,
    );
    expect(resumen.enviados).to.be.within(50, 60);
  });
});
