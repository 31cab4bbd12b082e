import { expect } from 'chai';
import * as http from 'node:http';
import * as net from 'node:net';
import { Monto } from '@alpes/seedwork/dominio';
import { puertoLibre } from '@alpes/seedwork/pruebas';
import { PasarelaHttp } from '../../src/infraestructura/pasarela-http';
import { iniciarPasarelaReal, type PasarelaReal } from '../apoyo/pasarela-real';

describe('adaptador HTTP de la pasarela contra la pasarela-simulada real', function () {
  this.timeout(20_000);
  let pasarela: PasarelaReal;
  let adaptador: PasarelaHttp;
  const solicitud = (idPago: string, idInfluencer = 'inf-1') => ({
    idPago,
    idInfluencer,
    monto: Monto.de('COP', 150000n),
  });

  before(async () => {
    pasarela = await iniciarPasarelaReal();
    adaptador = new PasarelaHttp({ urlBase: pasarela.url, tiempoMaximoMs: 300 });
  });
  after(() => pasarela?.detener());
  beforeEach(() => pasarela.admin('POST', '/admin/reiniciar'));

  it('un 201 es pagado con la referencia de la transferencia, y la clave de idempotencia es el id_pago', async () => {
    const r = await adaptador.transferir(solicitud('pago-1'));
    expect(r.tipo).to.equal('pagado');
    const [transferencia] = await pasarela.transferencias('pago-1');
    expect(r).to.deep.equal({ tipo: 'pagado', referencia: transferencia!.id });
    expect(transferencia).to.deep.include({ clave_idempotencia: 'pago-1', id_influencer: 'inf-1' });
    expect(transferencia!.monto).to.deep.equal({ moneda: 'COP', unidades_menores: '150000' });
  });

  it('repetir la llamada devuelve la misma referencia y paga una sola vez', async () => {
    const a = await adaptador.transferir(solicitud('pago-2'));
    const b = await adaptador.transferir(solicitud('pago-2'));
    expect(b).to.deep.equal(a);
    expect(await pasarela.transferencias('pago-2')).to.have.length(1);
  });

  it('un 422 es un rechazo permanente con el motivo de la pasarela', async () => {
    await pasarela.admin('PUT', '/admin/fallas', { rechazar_influencers: ['inf-malo'] });
    const r = await adaptador.transferir(solicitud('pago-3', 'inf-malo'));
    expect(r.tipo).to.equal('rechazado');
    expect(r).to.have.property('estadoHttp', 422);
    expect((r as { motivo: string }).motivo).to.match(/^HTTP 422: cuenta del influencer inf-malo rechazada/);
  });

  it('un 503 (pasarela bloqueada) es transitorio', async () => {
    await pasarela.admin('POST', '/admin/bloquear');
    const r = await adaptador.transferir(solicitud('pago-4'));
    expect(r).to.deep.include({ tipo: 'transitorio', estadoHttp: 503 });
    expect(await pasarela.transferencias()).to.have.length(0);
  });

  it('una respuesta mas lenta que el tiempo maximo es transitoria (timeout)', async () => {
    await pasarela.admin('PUT', '/admin/fallas', { latencia_ms: 1000 });
    const inicio = Date.now();
    const r = await adaptador.transferir(solicitud('pago-5'));
    expect(Date.now() - inicio).to.be.below(900);
    expect(r).to.deep.equal({ tipo: 'transitorio', error: 'sin respuesta de la pasarela en 300 ms' });
  });

  it('una conexion rechazada es transitoria y nombra ECONNREFUSED', async () => {
    const libre = await puertoLibre();
    const cerrada = new PasarelaHttp({ urlBase: `http://127.0.0.1:${libre}`, tiempoMaximoMs: 1000 });
    const r = await cerrada.transferir(solicitud('pago-6'));
    expect(r.tipo).to.equal('transitorio');
    expect((r as { error: string }).error).to.match(/^ECONNREFUSED/);
  });

  it('409: la misma clave con otro monto es transitoria (clave en uso), no un rechazo, y no paga de nuevo', async () => {
    await adaptador.transferir(solicitud('pago-7'));
    const r = await adaptador.transferir({ ...solicitud('pago-7'), monto: Monto.de('COP', 999n) });
    expect(r).to.deep.include({ tipo: 'transitorio', estadoHttp: 409, causa: 'clave-en-uso' });
    expect(await pasarela.transferencias('pago-7')).to.have.length(1);
  });

  it('un cuerpo de respuesta mayor que el maximo se corta y la respuesta se clasifica por su estado', async () => {
    // A PSP misbehaving on purpose: 502 followed by an endless body.
    const servidor = http.createServer((_req, res) => {
      res.writeHead(502, { 'content-type': 'text/plain' });
      const bloque = 'x'.repeat(16 * 1024);
      const escribir = () => {
        while (res.write(bloque));
        res.once('drain', escribir);
      };
      res.on('close', () => res.removeAllListeners('drain'));
      escribir();
    });
    await new Promise<void>((resolve) => servidor.listen(0, '127.0.0.1', resolve));
    const puerto = (servidor.address() as net.AddressInfo).port;
    const acotado = new PasarelaHttp({
      urlBase: `http://127.0.0.1:${puerto}`,
      tiempoMaximoMs: 5000,
      maximoBytesRespuesta: 4096,
    });
    try {
      const inicio = Date.now();
      const r = await acotado.transferir(solicitud('pago-8'));
      expect(Date.now() - inicio).to.be.below(4000);
      expect(r).to.deep.include({ tipo: 'transitorio', estadoHttp: 502 });
    } finally {
      acotado.cerrar();
      servidor.closeAllConnections();
      await new Promise((resolve) => servidor.close(resolve));
    }
  });
});

describe('credenciales de la pasarela (pasarela-simulada real que exige una)', function () {
  this.timeout(20_000);
  let pasarela: PasarelaReal;
  const solicitud = (idPago: string) => ({ idPago, idInfluencer: 'inf-1', monto: Monto.de('COP', 100n) });

  before(async () => {
    pasarela = await iniciarPasarelaReal({ CREDENCIAL: 'clave-buena' });
  });
  after(() => pasarela?.detener());

  it('sin credencial: 401, transitorio por credenciales, sin transferencia', async () => {
    const r = await new PasarelaHttp({ urlBase: pasarela.url, tiempoMaximoMs: 2000 }).transferir(
      solicitud('pago-c1'),
    );
    expect(r).to.deep.include({ tipo: 'transitorio', estadoHttp: 401, causa: 'credenciales' });
    expect(await pasarela.transferencias('pago-c1')).to.have.length(0);
  });

  it('credencial equivocada: 403, transitorio por credenciales, sin transferencia', async () => {
    const adaptador = new PasarelaHttp({ urlBase: pasarela.url, tiempoMaximoMs: 2000, credencial: 'otra' });
    const r = await adaptador.transferir(solicitud('pago-c2'));
    expect(r).to.deep.include({ tipo: 'transitorio', estadoHttp: 403, causa: 'credenciales' });
    expect(await pasarela.transferencias('pago-c2')).to.have.length(0);
  });

  it('la credencial de la configuracion viaja como Bearer y la pasarela paga', async () => {
    const adaptador = new PasarelaHttp({
      urlBase: pasarela.url,
      tiempoMaximoMs: 2000,
      credencial: 'clave-buena',
    });
    expect((await adaptador.transferir(solicitud('pago-c3'))).tipo).to.equal('pagado');
    expect(await pasarela.transferencias('pago-c3')).to.have.length(1);
  });
});
