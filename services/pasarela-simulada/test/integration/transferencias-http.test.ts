import { expect } from 'chai';
import { iniciarPasarela, unaTransferencia, type PasarelaEnPrueba } from './apoyo';

describe('pasarela simulada: transferencias por HTTP', () => {
  let pasarela: PasarelaEnPrueba;
  beforeEach(async () => {
    pasarela = await iniciarPasarela();
  });
  afterEach(() => pasarela.cerrar());

  const libro = async (filtro = '') =>
    (await pasarela.get(`/admin/transferencias${filtro}`)).cuerpo.transferencias as Record<string, unknown>[];

  it('una transferencia nueva paga y queda en el libro con su id_pago', async () => {
    const r = await pasarela.transferir('pago-1', unaTransferencia());
    expect(r.estado).to.equal(201);
    expect(r.cuerpo.estado).to.equal('PAGADA');
    expect(r.cuerpo.id).to.be.a('string').and.match(/^tr_/);
    const transferencias = await libro();
    expect(transferencias).to.have.length(1);
    expect(transferencias[0]).to.include({ id: r.cuerpo.id, id_pago: 'pago-1', id_influencer: 'inf-1' });
    expect(transferencias[0]!.monto).to.deep.equal({ moneda: 'COP', unidades_menores: '150000' });
  });

  it('acepta unidades_menores como numero JSON o como texto int64', async () => {
    const r = await pasarela.transferir(
      'k',
      unaTransferencia({ monto: { moneda: 'USD', unidades_menores: 99 } }),
    );
    expect(r.estado).to.equal(201);
    expect((await libro())[0]!.monto).to.deep.equal({ moneda: 'USD', unidades_menores: '99' });
  });

  it('una clave repetida devuelve el primer resultado y no paga dos veces', async () => {
    const primera = await pasarela.transferir('pago-1', unaTransferencia());
    const segunda = await pasarela.transferir('pago-1', unaTransferencia());
    expect(segunda.estado).to.equal(201);
    expect(segunda.cuerpo).to.deep.equal(primera.cuerpo);
    expect(segunda.cabeceras.get('idempotent-replayed')).to.equal('true');
    expect(await libro()).to.have.length(1);
  });

  it('20 solicitudes concurrentes identicas pagan una sola vez', async () => {
    await pasarela.put('/admin/fallas', { latencia_ms: 50 });
    const respuestas = await Promise.all(
      Array.from({ length: 20 }, () =>
        pasarela.transferir('pago-c', unaTransferencia({ id_pago: 'pago-c' })),
      ),
    );
    expect(respuestas.map((r) => r.estado)).to.deep.equal(Array(20).fill(201));
    expect(new Set(respuestas.map((r) => r.cuerpo.id)).size).to.equal(1);
    expect(await libro('?id_pago=pago-c')).to.have.length(1);
  });

  it('la misma clave con otro cuerpo es un conflicto y no paga', async () => {
    await pasarela.transferir('pago-1', unaTransferencia());
    const r = await pasarela.transferir('pago-1', unaTransferencia({ id_influencer: 'otro' }));
    expect(r.estado).to.equal(409);
    expect(r.cuerpo.campo).to.equal('Idempotency-Key');
    expect(await libro()).to.have.length(1);
  });

  it('un influencer en rechazar_influencers recibe 422 y ese rechazo es definitivo para la clave', async () => {
    await pasarela.put('/admin/fallas', { rechazar_influencers: ['inf-malo'] });
    const r = await pasarela.transferir(
      'pago-r',
      unaTransferencia({ id_pago: 'pago-r', id_influencer: 'inf-malo' }),
    );
    expect(r.estado).to.equal(422);
    expect(r.cuerpo.error).to.be.a('string');
    await pasarela.put('/admin/fallas', {});
    const otra = await pasarela.transferir(
      'pago-r',
      unaTransferencia({ id_pago: 'pago-r', id_influencer: 'inf-malo' }),
    );
    expect(otra.estado).to.equal(422);
    expect(await libro()).to.have.length(0);
  });

  it('bloqueada responde 503 a todo; al permitir, la misma clave paga una vez', async () => {
    await pasarela.post('/admin/bloquear', undefined);
    const caida = await pasarela.transferir('pago-b', unaTransferencia({ id_pago: 'pago-b' }));
    expect(caida.estado).to.equal(503);
    expect(caida.cabeceras.get('retry-after')).to.equal('1');
    expect((await pasarela.get('/admin/estado')).cuerpo.bloqueada).to.equal(true);
    await pasarela.post('/admin/permitir', undefined);
    const r = await pasarela.transferir('pago-b', unaTransferencia({ id_pago: 'pago-b' }));
    expect(r.estado).to.equal(201);
    expect(await libro()).to.have.length(1);
  });

  it('bloqueada responde 503 incluso a una clave ya pagada, sin pagar de nuevo', async () => {
    const pagada = await pasarela.transferir('pago-1', unaTransferencia());
    await pasarela.post('/admin/bloquear', undefined);
    expect((await pasarela.transferir('pago-1', unaTransferencia())).estado).to.equal(503);
    await pasarela.post('/admin/permitir', undefined);
    expect((await pasarela.transferir('pago-1', unaTransferencia())).cuerpo.id).to.equal(pagada.cuerpo.id);
    expect(await libro()).to.have.length(1);
  });

  it('tasa_error 1 responde 503 sin pagar; con tasa_error 0 la misma clave paga', async () => {
    await pasarela.put('/admin/fallas', { tasa_error: 1 });
    expect((await pasarela.transferir('pago-t', unaTransferencia())).estado).to.equal(503);
    expect(await libro()).to.have.length(0);
    await pasarela.put('/admin/fallas', { tasa_error: 0 });
    expect((await pasarela.transferir('pago-t', unaTransferencia())).estado).to.equal(201);
  });

  it('latencia_ms demora la respuesta al menos esa latencia', async () => {
    await pasarela.put('/admin/fallas', { latencia_ms: 150 });
    const inicio = performance.now();
    await pasarela.transferir('pago-l', unaTransferencia());
    expect(performance.now() - inicio).to.be.at.least(140);
  });

  it('el libro se filtra por id_pago', async () => {
    await pasarela.transferir('a', unaTransferencia({ id_pago: 'a' }));
    await pasarela.transferir('b', unaTransferencia({ id_pago: 'b' }));
    const soloB = await libro('?id_pago=b');
    expect(soloB.map((t) => t.id_pago)).to.deep.equal(['b']);
    expect(await libro()).to.have.length(2);
  });

  it('reiniciar borra el libro, las claves y las fallas', async () => {
    await pasarela.transferir('a', unaTransferencia({ id_pago: 'a' }));
    await pasarela.put('/admin/fallas', { tasa_error: 1 });
    await pasarela.post('/admin/bloquear', undefined);
    await pasarela.post('/admin/reiniciar', undefined);
    const estado = (await pasarela.get('/admin/estado')).cuerpo;
    expect(estado).to.deep.include({ bloqueada: false, transferencias: 0 });
    expect(estado.fallas).to.deep.equal({
      tasa_error: 0,
      latencia_ms: 0,
      latencia_respuesta_ms: 0,
      rechazar_influencers: [],
    });
    const r = await pasarela.transferir('a', unaTransferencia({ id_pago: 'a' }));
    expect(r.cabeceras.get('idempotent-replayed')).to.equal(null);
    expect(await libro()).to.have.length(1);
  });

  it('expone contadores en /metrics', async () => {
    await pasarela.transferir('a', unaTransferencia({ id_pago: 'a' }));
    await pasarela.transferir('a', unaTransferencia({ id_pago: 'a' }));
    const res = await fetch(`${pasarela.url}/metrics`);
    const texto = await res.text();
    expect(texto).to.contain('pasarela_solicitudes_total{resultado="pagada"} 1');
    expect(texto).to.contain('pasarela_solicitudes_total{resultado="repetida"} 1');
    expect(texto).to.contain('pasarela_transferencias 1');
  });
});
