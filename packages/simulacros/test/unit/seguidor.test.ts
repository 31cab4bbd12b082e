import { expect } from 'chai';
import { pagos } from '@alpes/contratos';
import { Seguidor, type Asentamiento, type PuertoLecturaPagos } from '../../src/carga/seguidor';

const E = pagos.EstadoPago;

/** In-memory pagos listing newest first with keyset-like pages, counting every RPC. */
class PagosEnMemoria implements PuertoLecturaPagos {
  readonly todos: pagos.Pago[] = [];
  llamadas = { listar: 0, obtener: 0 };

  crear(id: string, creadoMs: number): pagos.Pago {
    const p = pagos.Pago.fromPartial({
      id,
      estado: E.ESTADO_PAGO_SOLICITADO,
      creadoEn: new Date(creadoMs),
      actualizadoEn: new Date(creadoMs),
    });
    this.todos.push(p);
    return p;
  }

  asentar(id: string, estado: pagos.EstadoPago, enMs: number) {
    const p = this.todos.find((x) => x.id === id)!;
    p.estado = estado;
    p.actualizadoEn = new Date(enMs);
  }

  async listar(s: Partial<pagos.ListarPagosRequest>): Promise<pagos.ListarPagosResponse> {
    this.llamadas.listar++;
    const filtrados = this.todos
      .filter((p) => !s.estado || p.estado === s.estado)
      .sort((a, b) => b.creadoEn!.getTime() - a.creadoEn!.getTime());
    const desde = Number(s.pageToken || 0);
    const tamano = s.pageSize || 50;
    const pagina = filtrados.slice(desde, desde + tamano);
    return { pagos: pagina, nextPageToken: desde + tamano < filtrados.length ? String(desde + tamano) : '' };
  }

  async obtener(id: string): Promise<pagos.Pago> {
    this.llamadas.obtener++;
    return this.todos.find((p) => p.id === id)!;
  }
}

describe('seguidor de asentamiento', () => {
  const inicioPared = 1_000_000;
  let reloj = 0;

  function nuevo(api: PagosEnMemoria, asentados: Asentamiento[]) {
    return new Seguidor(api, {
      reloj: () => reloj,
      inicioParedMs: inicioPared,
      alAsentar: (a) => asentados.push(a),
      tamanoPagina: 100,
    });
  }

  it('detecta los pagos que dejaron SOLICITADO y mide su asentamiento con los tiempos del servidor', async () => {
    const api = new PagosEnMemoria();
    const asentados: Asentamiento[] = [];
    const s = nuevo(api, asentados);
    reloj = 0;
    for (let i = 0; i < 5; i++) s.seguir(`p${i}`, api.crear(`p${i}`, inicioPared + i).creadoEn);
    reloj = 100;
    api.asentar('p1', E.ESTADO_PAGO_PAGADO, inicioPared + 41);
    api.asentar('p3', E.ESTADO_PAGO_FALLIDO, inicioPared + 93);
    await s.ciclo();
    expect(s.pendientes).to.equal(3);
    expect(s.conteo()).to.deep.equal({ SOLICITADO: 3, PAGADO: 1, RECHAZADO: 0, FALLIDO: 1 });
    expect(asentados).to.deep.equal([
      { idPago: 'p1', estado: 'PAGADO', msHastaAsentar: 40, enDrillMs: 41 },
      { idPago: 'p3', estado: 'FALLIDO', msHastaAsentar: 90, enDrillMs: 93 },
    ]);
  });

  it('no gasta una llamada por pago y ciclo: lista solo hasta el pendiente más antiguo', async () => {
    const api = new PagosEnMemoria();
    const s = nuevo(api, []);
    reloj = 0;
    // 5000 older pagos of other runs that stay SOLICITADO, then ours
    for (let i = 0; i < 5000; i++) api.crear(`viejo${i}`, inicioPared - 100_000 + i);
    for (let i = 0; i < 1000; i++) s.seguir(`p${i}`, api.crear(`p${i}`, inicioPared + i).creadoEn);
    reloj = 5000;
    for (let i = 0; i < 600; i++) api.asentar(`p${i}`, E.ESTADO_PAGO_PAGADO, inicioPared + 2000 + i);
    api.llamadas = { listar: 0, obtener: 0 };
    await s.ciclo();
    expect(s.pendientes).to.equal(400);
    // 400 SOLICITADO of ours fit in 4-5 pages; the 600 settled are found in the PAGADO pages
    expect(api.llamadas.obtener).to.equal(0);
    expect(api.llamadas.listar).to.be.at.most(15);
  });

  it('los pocos que terminaron se leen uno a uno, y un pago que no aparece sigue pendiente', async () => {
    const api = new PagosEnMemoria();
    const s = nuevo(api, []);
    reloj = 0;
    for (let i = 0; i < 3; i++) s.seguir(`p${i}`, api.crear(`p${i}`, inicioPared + i).creadoEn);
    reloj = 10;
    api.asentar('p0', E.ESTADO_PAGO_RECHAZADO, inicioPared + 5);
    await s.ciclo();
    expect(api.llamadas.obtener).to.equal(1);
    expect(s.estadoDe('p0')).to.equal('RECHAZADO');
    expect(s.estadoDe('p1')).to.equal('SOLICITADO');
  });

  it('un pago seguido después de empezar el ciclo no se da por asentado aunque la lista no lo vea', async () => {
    const api = new PagosEnMemoria();
    const s = nuevo(api, []);
    reloj = 50;
    s.seguir('nuevo', new Date(inicioPared + 50)); // not in the service listing (yet)
    await s.ciclo();
    expect(api.llamadas.listar + api.llamadas.obtener).to.equal(0);
    expect(s.pendientes).to.equal(1);
  });

  it('reabrir vuelve a seguir un pago reintentado y mide desde el reintento', async () => {
    const api = new PagosEnMemoria();
    const asentados: Asentamiento[] = [];
    const s = nuevo(api, asentados);
    reloj = 0;
    s.seguir('p', api.crear('p', inicioPared).creadoEn);
    reloj = 100;
    api.asentar('p', E.ESTADO_PAGO_FALLIDO, inicioPared + 50);
    await s.ciclo();
    reloj = 1000;
    s.reabrir(['p']);
    api.asentar('p', E.ESTADO_PAGO_SOLICITADO, inicioPared + 1000);
    expect(s.pendientes).to.equal(1);
    reloj = 2000;
    api.asentar('p', E.ESTADO_PAGO_PAGADO, inicioPared + 1300);
    await s.ciclo();
    expect(asentados.at(-1)).to.deep.include({ estado: 'PAGADO', msHastaAsentar: 300 });
  });
});
