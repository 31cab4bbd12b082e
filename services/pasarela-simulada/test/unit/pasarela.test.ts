import { expect } from 'chai';
import { Pasarela } from '../../src/pasarela';
import type { SolicitudTransferencia } from '../../src/validacion';

const solicitud = (id_pago = 'p1', id_influencer = 'i1'): SolicitudTransferencia => ({
  id_pago,
  id_influencer,
  monto: { moneda: 'COP', unidades_menores: '100' },
});

describe('Pasarela (logica sin HTTP)', () => {
  it('tasa_error decide con el sorteo: por debajo de la tasa responde 503, por encima paga', async () => {
    const sorteos = [0.4, 0.6];
    const pasarela = new Pasarela({ aleatorio: () => sorteos.shift()! });
    pasarela.configurarFallas({
      tasa_error: 0.5,
      latencia_ms: 0,
      latencia_respuesta_ms: 0,
      rechazar_influencers: [],
    });
    expect((await pasarela.transferir('k', solicitud())).estado).to.equal(503);
    expect((await pasarela.transferir('k', solicitud())).estado).to.equal(201);
    expect(pasarela.transferencias()).to.have.length(1);
  });

  it('las llamadas concurrentes de una clave esperan a la primera y reciben su resultado', async () => {
    let liberar!: () => void;
    const pasarela = new Pasarela({ esperar: () => new Promise<void>((r) => (liberar = r)) });
    pasarela.configurarFallas({
      tasa_error: 0,
      latencia_ms: 10,
      latencia_respuesta_ms: 0,
      rechazar_influencers: [],
    });
    const primera = pasarela.transferir('k', solicitud());
    const segunda = pasarela.transferir('k', solicitud());
    expect(pasarela.estado().en_curso).to.equal(1);
    liberar();
    const [a, b] = await Promise.all([primera, segunda]);
    expect(b.cuerpo).to.deep.equal(a.cuerpo);
    expect(b.repetida).to.equal(true);
    expect(pasarela.transferencias()).to.have.length(1);
  });

  it('un 503 de la primera llamada en curso no queda guardado: la siguiente llamada paga', async () => {
    let liberar!: () => void;
    const pasarela = new Pasarela({ esperar: () => new Promise<void>((r) => (liberar = r)) });
    pasarela.configurarFallas({
      tasa_error: 0,
      latencia_ms: 10,
      latencia_respuesta_ms: 0,
      rechazar_influencers: [],
    });
    const primera = pasarela.transferir('k', solicitud());
    pasarela.bloquear();
    liberar();
    expect((await primera).estado).to.equal(503);
    pasarela.permitir();
    pasarela.configurarFallas({
      tasa_error: 0,
      latencia_ms: 0,
      latencia_respuesta_ms: 0,
      rechazar_influencers: [],
    });
    expect((await pasarela.transferir('k', solicitud())).estado).to.equal(201);
  });

  it('una llamada en curso al reiniciar no deja rastro en el libro nuevo', async () => {
    let liberar!: () => void;
    const pasarela = new Pasarela({ esperar: () => new Promise<void>((r) => (liberar = r)) });
    pasarela.configurarFallas({
      tasa_error: 0,
      latencia_ms: 10,
      latencia_respuesta_ms: 0,
      rechazar_influencers: [],
    });
    const enCurso = pasarela.transferir('k', solicitud());
    pasarela.reiniciar();
    liberar();
    expect((await enCurso).estado).to.equal(503);
    expect(pasarela.transferencias()).to.have.length(0);
  });

  it('latencia_respuesta_ms paga primero y responde después: una repetición durante la espera ve el pago', async () => {
    let liberar!: () => void;
    const pasarela = new Pasarela({ esperar: () => new Promise<void>((r) => (liberar = r)) });
    pasarela.configurarFallas({
      tasa_error: 0,
      latencia_ms: 0,
      latencia_respuesta_ms: 5_000,
      rechazar_influencers: [],
    });
    const primera = pasarela.transferir('k', solicitud());
    await new Promise((r) => setImmediate(r));
    expect(pasarela.transferencias(), 'paid before answering').to.have.length(1);
    liberar();
    expect((await primera).estado).to.equal(201);
    expect(pasarela.transferencias()).to.have.length(1);
  });
});
