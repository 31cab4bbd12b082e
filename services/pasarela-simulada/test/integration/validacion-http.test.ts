import { expect } from 'chai';
import { iniciarPasarela, unaTransferencia, type PasarelaEnPrueba } from './apoyo';

describe('pasarela simulada: validacion de entradas por HTTP', () => {
  let pasarela: PasarelaEnPrueba;
  before(async () => {
    pasarela = await iniciarPasarela();
  });
  after(() => pasarela.cerrar());

  const casosTransferencia: [string, string | undefined, unknown, string][] = [
    ['sin Idempotency-Key', undefined, unaTransferencia(), 'Idempotency-Key'],
    ['Idempotency-Key vacia', ' ', unaTransferencia(), 'Idempotency-Key'],
    ['sin id_pago', 'k', unaTransferencia({ id_pago: undefined }), 'id_pago'],
    ['id_influencer vacio', 'k', unaTransferencia({ id_influencer: '' }), 'id_influencer'],
    ['sin monto', 'k', unaTransferencia({ monto: undefined }), 'monto'],
    [
      'moneda en minusculas',
      'k',
      unaTransferencia({ monto: { moneda: 'cop', unidades_menores: 1 } }),
      'monto.moneda',
    ],
    [
      'monto cero',
      'k',
      unaTransferencia({ monto: { moneda: 'COP', unidades_menores: 0 } }),
      'monto.unidades_menores',
    ],
    [
      'monto decimal',
      'k',
      unaTransferencia({ monto: { moneda: 'COP', unidades_menores: 1.5 } }),
      'monto.unidades_menores',
    ],
    [
      'monto que desborda int64',
      'k',
      unaTransferencia({ monto: { moneda: 'COP', unidades_menores: '9223372036854775808' } }),
      'monto.unidades_menores',
    ],
    ['campo desconocido', 'k', unaTransferencia({ cuenta: 'x' }), 'cuenta'],
    ['cuerpo que no es objeto', 'k', [1], 'cuerpo'],
    ['JSON invalido', 'k', '{no es json', 'cuerpo'],
  ];
  for (const [caso, clave, cuerpo, campo] of casosTransferencia) {
    it(`una transferencia con ${caso} responde 400 nombrando ${campo} y no paga`, async () => {
      const r = await pasarela.transferir(clave, cuerpo);
      expect(r.estado).to.equal(400);
      expect(r.cuerpo.campo).to.equal(campo);
      expect(r.cuerpo.error).to.contain(campo);
      expect((await pasarela.get('/admin/estado')).cuerpo.transferencias).to.equal(0);
    });
  }

  const casosFallas: [string, unknown, string][] = [
    ['tasa_error mayor que 1', { tasa_error: 1.5 }, 'tasa_error'],
    ['tasa_error negativa', { tasa_error: -0.1 }, 'tasa_error'],
    ['tasa_error como texto', { tasa_error: '0.5' }, 'tasa_error'],
    ['latencia_ms negativa', { latencia_ms: -1 }, 'latencia_ms'],
    ['latencia_ms decimal', { latencia_ms: 1.5 }, 'latencia_ms'],
    ['latencia_respuesta_ms negativa', { latencia_respuesta_ms: -1 }, 'latencia_respuesta_ms'],
    ['rechazar_influencers que no es lista', { rechazar_influencers: 'inf-1' }, 'rechazar_influencers'],
    ['un id vacio en rechazar_influencers', { rechazar_influencers: ['a', ''] }, 'rechazar_influencers[1]'],
    ['un campo desconocido', { tasa: 1 }, 'tasa'],
  ];
  for (const [caso, cuerpo, campo] of casosFallas) {
    it(`fallas con ${caso} responde 400 nombrando ${campo} y no cambia nada`, async () => {
      const r = await pasarela.put('/admin/fallas', cuerpo);
      expect(r.estado).to.equal(400);
      expect(r.cuerpo.campo).to.equal(campo);
      expect((await pasarela.get('/admin/fallas')).cuerpo).to.deep.equal({
        tasa_error: 0,
        latencia_ms: 0,
        latencia_respuesta_ms: 0,
        rechazar_influencers: [],
      });
    });
  }

  it('una ruta desconocida responde 404 y un metodo equivocado 405', async () => {
    expect((await pasarela.get('/v1/otra')).estado).to.equal(404);
    const r = await pasarela.get('/v1/transferencias');
    expect(r.estado).to.equal(405);
    expect(r.cabeceras.get('allow')).to.equal('POST');
  });
});
