import { expect } from 'chai';
import { clasificarFalloRed, clasificarRespuesta } from '../../src/infraestructura/clasificar-pasarela';

describe('clasificacion de respuestas de la pasarela', () => {
  const casos: Array<[number, string]> = [
    [200, 'pagado'],
    [201, 'pagado'],
    [400, 'rechazado'],
    [401, 'transitorio'],
    [403, 'transitorio'],
    [404, 'rechazado'],
    [409, 'transitorio'],
    [422, 'rechazado'],
    [408, 'transitorio'],
    [429, 'transitorio'],
    [500, 'transitorio'],
    [502, 'transitorio'],
    [503, 'transitorio'],
    [504, 'transitorio'],
    [302, 'transitorio'],
  ];
  for (const [estado, tipo] of casos) {
    it(`HTTP ${estado} es ${tipo}`, () => {
      expect(clasificarRespuesta(estado, '{"error":"x"}').tipo).to.equal(tipo);
    });
  }

  it('un 2xx toma el id como referencia; sin cuerpo legible sigue siendo pagado', () => {
    expect(clasificarRespuesta(201, '{"id":"tr_1","estado":"PAGADA"}')).to.deep.equal({
      tipo: 'pagado',
      referencia: 'tr_1',
    });
    expect(clasificarRespuesta(201, 'ok')).to.deep.equal({ tipo: 'pagado', referencia: '' });
  });

  it('el motivo de un rechazo lleva el estado y el error de la pasarela, recortado', () => {
    expect(clasificarRespuesta(422, '{"error":"cuenta invalida"}')).to.deep.equal({
      tipo: 'rechazado',
      motivo: 'HTTP 422: cuenta invalida',
      estadoHttp: 422,
    });
    const largo = clasificarRespuesta(400, 'x'.repeat(1000)) as { motivo: string };
    expect(largo.motivo.length).to.be.at.most(301);
  });

  it('401/403 no rechazan el pago: son credenciales de la pasarela, transitorias y con causa', () => {
    for (const estado of [401, 403]) {
      const r = clasificarRespuesta(estado, '{"error":"credencial no autorizada"}');
      expect(r).to.deep.include({ tipo: 'transitorio', estadoHttp: estado, causa: 'credenciales' });
      expect((r as { error: string }).error).to.match(
        /^credenciales de la pasarela rechazadas \(HTTP 40[13]/,
      );
    }
  });

  it('409 (clave de idempotencia en uso) es transitorio, no un rechazo', () => {
    const r = clasificarRespuesta(409, '{"error":"Idempotency-Key ya usada con otro cuerpo"}');
    expect(r).to.deep.include({ tipo: 'transitorio', estadoHttp: 409, causa: 'clave-en-uso' });
  });

  it('timeout, conexion rechazada o cortada son transitorios', () => {
    const timeout = Object.assign(new Error('The operation was aborted due to timeout'), {
      name: 'TimeoutError',
    });
    expect(clasificarFalloRed(timeout, 250)).to.deep.equal({
      tipo: 'transitorio',
      error: 'sin respuesta de la pasarela en 250 ms',
    });
    const rechazada = new TypeError('fetch failed', {
      cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }),
    });
    expect(clasificarFalloRed(rechazada, 1).tipo).to.equal('transitorio');
    expect((clasificarFalloRed(rechazada, 1) as { error: string }).error).to.match(/^ECONNREFUSED/);
    const cortada = new TypeError('fetch failed', {
      cause: Object.assign(new Error('other side closed'), {
        code: 'UND_ERR_SOCKET',
        cause: { code: 'ECONNRESET' },
      }),
    });
    expect((clasificarFalloRed(cortada, 1) as { error: string }).error).to.match(/^UND_ERR_SOCKET/);
  });
});
