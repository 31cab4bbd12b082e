import { expect } from 'chai';
import { esTraceparentValido, nuevoTraceparent, traceparentDeLlamada } from '../../src/api/traza';

describe('traza de una llamada (W3C traceparent)', () => {
  const valido = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

  it('continúa la traza del llamador cuando su traceparent es válido', () => {
    expect(traceparentDeLlamada(valido)).to.equal(valido);
  });

  it('abre una traza nueva sin traceparent o con uno inválido', () => {
    for (const malo of [
      undefined,
      '',
      'basura',
      '00-00000000000000000000000000000000-00f067aa0ba902b7-01',
      '00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01',
      '00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01',
      'ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    ]) {
      const t = traceparentDeLlamada(malo);
      expect(t, String(malo)).to.not.equal(malo);
      expect(esTraceparentValido(t), t).to.equal(true);
    }
  });

  it('cada traza nueva es distinta y va muestreada', () => {
    const a = nuevoTraceparent();
    expect(a).to.match(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(nuevoTraceparent().slice(3, 35)).to.not.equal(a.slice(3, 35));
  });

  it('las trazas salen de una reserva de bytes aleatorios: al rellenarla siguen válidas y sin repetirse', () => {
    // 1,000 traces draw 24,000 bytes: the 4 KiB reserve is refilled several times
    const trazas = Array.from({ length: 1000 }, () => nuevoTraceparent());
    for (const t of trazas) expect(esTraceparentValido(t), t).to.equal(true);
    expect(new Set(trazas.map((t) => t.slice(3, 35))).size).to.equal(1000);
    expect(new Set(trazas.map((t) => t.slice(36, 52))).size).to.equal(1000);
  });
});
