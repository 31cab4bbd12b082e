import { expect } from 'chai';
import { status } from '@grpc/grpc-js';
import { pagos } from '@alpes/contratos';
import { ErrorGrpc } from '../../src/codigos-salida';
import { listarIdsPorEstado, reintentarEnLote } from '../../src/reintento-masivo';

const error = (codigo: status) => new ErrorGrpc('pagos', 'h:1', codigo, status[codigo] ?? '');

describe('reintento masivo de pagos FALLIDO', () => {
  it('recorre todas las páginas siguiendo next_page_token', async () => {
    const paginas: Record<string, pagos.ListarPagosResponse> = {
      '': {
        pagos: [pagos.Pago.fromPartial({ id: 'a' }), pagos.Pago.fromPartial({ id: 'b' })],
        nextPageToken: 't1',
      },
      t1: { pagos: [pagos.Pago.fromPartial({ id: 'c' })], nextPageToken: '' },
    };
    const pedidas: Partial<pagos.ListarPagosRequest>[] = [];
    const ids = await listarIdsPorEstado(
      { listar: async (s) => (pedidas.push(s), paginas[s.pageToken ?? ''] as pagos.ListarPagosResponse) },
      { estado: pagos.EstadoPago.ESTADO_PAGO_FALLIDO, idInfluencer: 'inf' },
    );
    expect(ids).to.deep.equal(['a', 'b', 'c']);
    expect(pedidas.map((p) => p.pageToken)).to.deep.equal(['', 't1']);
    expect(pedidas[0]).to.include({
      estado: pagos.EstadoPago.ESTADO_PAGO_FALLIDO,
      idInfluencer: 'inf',
      pageSize: 500,
    });
  });

  it('cuenta reintentados, omitidos por FAILED_PRECONDITION y errores, sin pasar de la concurrencia', async () => {
    let enVuelo = 0;
    let maximo = 0;
    const intentos = new Map<string, number>();
    const cliente = {
      reintentar: async (id: string) => {
        intentos.set(id, (intentos.get(id) ?? 0) + 1);
        enVuelo++;
        maximo = Math.max(maximo, enVuelo);
        await new Promise((r) => setImmediate(r));
        enVuelo--;
        if (id === 'ya-pagado') throw error(status.FAILED_PRECONDITION);
        if (id === 'no-existe') throw error(status.NOT_FOUND);
        if (id === 'intermitente' && intentos.get(id) === 1) throw error(status.UNAVAILABLE);
        return {};
      },
    };
    const ids = ['a', 'b', 'ya-pagado', 'no-existe', 'intermitente', 'c', 'd'];
    const avances: number[] = [];
    const r = await reintentarEnLote(cliente, ids, {
      concurrencia: 3,
      esperar: async () => undefined,
      alAvanzar: (a) => avances.push(a.reintentados + a.omitidos + a.errores),
    });
    expect(r.total).to.equal(7);
    expect(r.reintentados.sort()).to.deep.equal(['a', 'b', 'c', 'd', 'intermitente']);
    expect(r.omitidos).to.deep.equal(['ya-pagado']);
    expect(r.errores).to.deep.equal([{ idPago: 'no-existe', codigo: 'NOT_FOUND', mensaje: 'NOT_FOUND' }]);
    expect(maximo).to.equal(3);
    expect(intentos.get('intermitente')).to.equal(2);
    expect(avances.at(-1)).to.equal(7);
  });

  it('tras agotar los intentos, UNAVAILABLE queda como error', async () => {
    const r = await reintentarEnLote(
      { reintentar: async () => Promise.reject(error(status.UNAVAILABLE)) },
      ['a'],
      { concurrencia: 1, intentosSiNoDisponible: 2, esperar: async () => undefined },
    );
    expect(r.errores.map((e) => e.codigo)).to.deep.equal(['UNAVAILABLE']);
  });
});
