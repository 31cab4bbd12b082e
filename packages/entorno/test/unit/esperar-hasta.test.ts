import { expect } from 'chai';
import { esperarHasta } from '../../src';

describe('esperarHasta', () => {
  it('una descripción en función se lee al vencer el plazo: nombra lo último que vio la condición', async () => {
    let visto = 0;
    const error = await esperarHasta(
      () => `three (last: ${visto})`,
      () => ++visto === 3_000_000,
      30,
      5,
    ).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).to.match(/^timed out after 30 ms waiting for: three \(last: [1-9]\d*\)$/);
  });

  it('devuelve en cuanto la condición se cumple', async () => {
    let n = 0;
    await esperarHasta('n reaches 3', () => ++n === 3, 1000, 1);
    expect(n).to.equal(3);
  });
});
