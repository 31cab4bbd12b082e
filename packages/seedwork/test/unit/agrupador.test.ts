import { expect } from 'chai';
import { Agrupador, ErrorSaturacion, type DesenlaceEntrada, type Temporizador } from '../../src';

/** Time that moves only when the test says so. */
class TemporizadorManual implements Temporizador {
  private ahora = 0;
  private pendientes: { en: number; fn: () => void }[] = [];

  programar(ms: number, fn: () => void): () => void {
    const p = { en: this.ahora + ms, fn };
    this.pendientes.push(p);
    return () => (this.pendientes = this.pendientes.filter((x) => x !== p));
  }

  get programados(): number {
    return this.pendientes.length;
  }

  avanzar(ms: number): void {
    this.ahora += ms;
    const vencidos = this.pendientes.filter((p) => p.en <= this.ahora);
    this.pendientes = this.pendientes.filter((p) => p.en > this.ahora);
    vencidos.forEach((p) => p.fn());
  }
}

/** A promise with its resolve exposed, to hold a batch open until the test lets it go. */
function pendiente(): { promesa: Promise<void>; soltar: () => void } {
  let soltar!: () => void;
  const promesa = new Promise<void>((r) => (soltar = r));
  return { promesa, soltar };
}

/** Lets the promise jobs already queued run (no time passes). */
const vaciarMicrotareas = () => new Promise((r) => setImmediate(r));

/** How a settled promise ended, for assertions. */
const desenlace = <T>(p: Promise<T>) =>
  p.then(
    (valor) => ({ valor }),
    (error: Error) => ({ error }),
  );

describe('Agrupador', () => {
  let reloj: TemporizadorManual;
  let lotes: number[][];
  const doblar = async (lote: readonly number[]): Promise<DesenlaceEntrada<number>[]> => {
    lotes.push([...lote]);
    return lote.map((n) => ({ valor: n * 2 }));
  };

  beforeEach(() => {
    reloj = new TemporizadorManual();
    lotes = [];
  });

  it('un lote lleno corre al instante, sin esperar la ventana, y cada llamador recibe lo suyo', async () => {
    const a = new Agrupador({
      ventanaMs: 5,
      maximoPorLote: 3,
      maximoEnEspera: 10,
      procesar: doblar,
      temporizador: reloj,
    });
    const resultados = Promise.all([1, 2, 3].map((n) => a.agregar(n)));
    expect(await resultados).to.deep.equal([2, 4, 6]);
    expect(lotes).to.deep.equal([[1, 2, 3]]);
    expect(reloj.programados, 'ventana cancelada').to.equal(0);
  });

  it('un lote incompleto corre cuando vence su ventana, no antes', async () => {
    const a = new Agrupador({
      ventanaMs: 5,
      maximoPorLote: 10,
      maximoEnEspera: 10,
      procesar: doblar,
      temporizador: reloj,
    });
    const resultados = Promise.all([a.agregar(1), a.agregar(2)]);
    reloj.avanzar(4);
    await vaciarMicrotareas();
    expect(lotes).to.deep.equal([]);
    expect(a.enEspera).to.equal(2);
    reloj.avanzar(1);
    expect(await resultados).to.deep.equal([2, 4]);
    expect(lotes).to.deep.equal([[1, 2]]);
    // the next entry opens a new window
    const tercero = a.agregar(3);
    expect(reloj.programados).to.equal(1);
    reloj.avanzar(5);
    expect(await tercero).to.equal(6);
    expect(lotes).to.deep.equal([[1, 2], [3]]);
  });

  it('el error de una entrada falla solo a su llamador; sus vecinos reciben su valor', async () => {
    const a = new Agrupador<number, number>({
      ventanaMs: 1,
      maximoPorLote: 3,
      maximoEnEspera: 3,
      procesar: async (lote) =>
        lote.map((n) => (n === 2 ? { error: new Error('la 2 es mala') } : { valor: n * 10 })),
      temporizador: reloj,
    });
    const [uno, dos, tres] = await Promise.all([1, 2, 3].map((n) => desenlace(a.agregar(n))));
    expect(uno).to.deep.equal({ valor: 10 });
    expect((dos as { error: Error }).error.message).to.equal('la 2 es mala');
    expect(tres).to.deep.equal({ valor: 30 });
  });

  it('si el lote entero falla, todos sus llamadores reciben ese error, y el siguiente lote corre normal', async () => {
    let fallar = true;
    const a = new Agrupador<number, number>({
      ventanaMs: 1,
      maximoPorLote: 2,
      maximoEnEspera: 4,
      procesar: async (lote) => {
        if (fallar) throw new Error('la base de datos no responde');
        return lote.map((n) => ({ valor: n }));
      },
      temporizador: reloj,
    });
    const fallidos = await Promise.all([1, 2].map((n) => desenlace(a.agregar(n))));
    expect(fallidos.map((d) => (d as { error: Error }).error.message)).to.deep.equal([
      'la base de datos no responde',
      'la base de datos no responde',
    ]);
    fallar = false;
    expect(await Promise.all([a.agregar(3), a.agregar(4)])).to.deep.equal([3, 4]);
  });

  it('un lote que devuelve otro número de desenlaces falla a todos sus llamadores', async () => {
    const a = new Agrupador<number, number>({
      ventanaMs: 1,
      maximoPorLote: 2,
      maximoEnEspera: 2,
      procesar: async () => [{ valor: 1 }],
      temporizador: reloj,
    });
    const ds = await Promise.all([1, 2].map((n) => desenlace(a.agregar(n))));
    for (const d of ds)
      expect((d as { error: Error }).error.message).to.match(/1 desenlaces para 2 entradas/);
  });

  it('con todos los lotes en curso, el lote abierto sigue llenándose pasada su ventana y corre entero después', async () => {
    const puerta = pendiente();
    const a = new Agrupador<number, number>({
      ventanaMs: 2,
      maximoPorLote: 100,
      maximoEnEspera: 100,
      maximoLotesEnCurso: 1,
      procesar: async (lote) => {
        lotes.push([...lote]);
        if (lote[0] === 1) await puerta.promesa;
        return lote.map((n) => ({ valor: n }));
      },
      temporizador: reloj,
    });
    const primero = a.agregar(1);
    reloj.avanzar(2);
    expect(a.lotesEnCurso).to.equal(1);
    const siguientes = [2, 3].map((n) => a.agregar(n));
    reloj.avanzar(10); // the window of [2, 3] passes while [1] runs
    const cuarto = a.agregar(4);
    await vaciarMicrotareas();
    expect(lotes).to.deep.equal([[1]]);
    expect(a.enEspera).to.equal(3);
    puerta.soltar();
    expect(await Promise.all([primero, ...siguientes, cuarto])).to.deep.equal([1, 2, 3, 4]);
    expect(lotes).to.deep.equal([[1], [2, 3, 4]]);
  });

  it('con la cola llena rechaza al instante con ErrorSaturacion, y vuelve a aceptar cuando se vacía', async () => {
    const puerta = pendiente();
    const a = new Agrupador<number, number>({
      ventanaMs: 1,
      maximoPorLote: 2,
      maximoEnEspera: 4,
      maximoLotesEnCurso: 1,
      nombre: 'solicitudes de prueba',
      procesar: async (lote) => {
        await puerta.promesa;
        return lote.map((n) => ({ valor: n }));
      },
      temporizador: reloj,
    });
    const aceptados = [1, 2, 3, 4, 5, 6].map((n) => a.agregar(n)); // [1, 2] runs; 4 wait
    expect([a.lotesEnCurso, a.enEspera]).to.deep.equal([1, 4]);
    const rechazo = await desenlace(a.agregar(7));
    const error = (rechazo as { error: Error }).error;
    expect(error).to.be.instanceOf(ErrorSaturacion);
    expect(error.message).to.equal('solicitudes de prueba: 4 en espera, el máximo; reintente más tarde');
    puerta.soltar();
    expect(await Promise.all(aceptados)).to.deep.equal([1, 2, 3, 4, 5, 6]);
    const despues = a.agregar(8);
    reloj.avanzar(1);
    expect(await despues).to.equal(8);
  });

  it('cerrar corre lo que espera sin esperar la ventana, termina cuando acaba y luego no acepta más', async () => {
    const puerta = pendiente();
    const a = new Agrupador<number, number>({
      ventanaMs: 1_000,
      maximoPorLote: 10,
      maximoEnEspera: 10,
      procesar: async (lote) => {
        lotes.push([...lote]);
        await puerta.promesa;
        return lote.map((n) => ({ valor: n }));
      },
      temporizador: reloj,
    });
    const esperando = [a.agregar(1), a.agregar(2)];
    let cerrado = false;
    const cierre = a.cerrar().then(() => (cerrado = true));
    await vaciarMicrotareas();
    expect(lotes).to.deep.equal([[1, 2]]);
    expect(cerrado, 'espera al lote en curso').to.equal(false);
    expect(reloj.programados, 'ventana cancelada').to.equal(0);
    puerta.soltar();
    await cierre;
    expect(await Promise.all(esperando)).to.deep.equal([1, 2]);
    const tarde = await desenlace(a.agregar(3));
    expect((tarde as { error: Error }).error).to.be.instanceOf(ErrorSaturacion);
    await a.cerrar(); // idempotent, and at once when empty
  });

  it('el observador ve el tamaño de cada lote que corre y cada rechazo con su motivo', async () => {
    const puerta = pendiente();
    const tamanos: number[] = [];
    const rechazos: string[] = [];
    const a = new Agrupador<number, number>({
      ventanaMs: 1,
      maximoPorLote: 2,
      maximoEnEspera: 2,
      maximoLotesEnCurso: 1,
      procesar: async (lote) => {
        await puerta.promesa;
        return lote.map((n) => ({ valor: n }));
      },
      temporizador: reloj,
      observador: { alProcesar: (n) => tamanos.push(n), alRechazar: (m) => rechazos.push(m) },
    });
    const aceptados = [1, 2, 3, 4].map((n) => a.agregar(n)); // [1, 2] runs; [3, 4] waits
    await desenlace(a.agregar(5));
    expect([tamanos, rechazos]).to.deep.equal([[2], ['saturado']]);
    puerta.soltar();
    await Promise.all(aceptados);
    const ultimo = a.agregar(6);
    reloj.avanzar(1);
    await ultimo;
    await a.cerrar();
    await desenlace(a.agregar(7));
    expect(tamanos).to.deep.equal([2, 2, 1]);
    expect(rechazos).to.deep.equal(['saturado', 'deteniendo']);
  });

  it('rechaza opciones sin sentido', () => {
    const base = { ventanaMs: 1, maximoPorLote: 2, maximoEnEspera: 2, procesar: doblar };
    expect(() => new Agrupador({ ...base, ventanaMs: -1 })).to.throw(RangeError, 'ventanaMs');
    expect(() => new Agrupador({ ...base, maximoPorLote: 0 })).to.throw(RangeError, 'maximoPorLote');
    expect(() => new Agrupador({ ...base, maximoLotesEnCurso: 1.5 })).to.throw(
      RangeError,
      'maximoLotesEnCurso',
    );
    expect(() => new Agrupador({ ...base, maximoEnEspera: 1 })).to.throw(RangeError, 'maximoEnEspera');
  });
});
