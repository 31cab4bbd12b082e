import { expect } from 'chai';
import { ErrorDominio } from '@alpes/seedwork';
import { solicitarPago } from '../../src/aplicacion/comandos/solicitar-pago';
import { reintentarPago } from '../../src/aplicacion/comandos/reintentar-pago';
import { registrarResultadoLiquidacion } from '../../src/aplicacion/comandos/registrar-resultado-liquidacion';
import { Pago, PagoSolicitado, SolicitudPago } from '../../src/dominio';
import { dependenciasMemoria } from '../apoyo/fakes';
import { AHORA, datosSolicitud } from '../apoyo/madres';

async function rechazo(p: Promise<unknown>): Promise<ErrorDominio> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ErrorDominio) return e;
    throw e;
  }
  throw new Error('no falló');
}

describe('SolicitarPago', () => {
  it('guarda el pago SOLICITADO y deja un PagoSolicitado para publicar', async () => {
    const d = dependenciasMemoria();
    const { pago, creado } = await solicitarPago(d)({ ...datosSolicitud(), idCorrelacion: 'c-1' });
    expect(creado).to.equal(true);
    expect(pago.estado).to.equal('SOLICITADO');
    expect(pago.version).to.equal(1);
    expect(pago.idCorrelacion).to.equal('c-1');
    expect(d.almacen.pagos.size).to.equal(1);
    expect(d.almacen.eventos).to.have.length(1);
    expect(d.almacen.eventos[0]).to.be.instanceOf(PagoSolicitado);
  });

  it('misma clave y mismo contenido devuelve el mismo pago sin un segundo evento', async () => {
    const d = dependenciasMemoria();
    const datos = datosSolicitud();
    const primero = await solicitarPago(d)({ ...datos, idCorrelacion: 'c-1' });
    const segundo = await solicitarPago(d)({ ...datos, idCorrelacion: 'c-2' });
    expect(segundo.creado).to.equal(false);
    expect(segundo.pago.id).to.equal(primero.pago.id);
    expect(segundo.pago.idCorrelacion).to.equal('c-1');
    expect(d.almacen.pagos.size).to.equal(1);
    expect(d.almacen.eventos).to.have.length(1);
  });

  it('misma clave con otro contenido es un conflicto sobre clave_idempotencia', async () => {
    const d = dependenciasMemoria();
    const datos = datosSolicitud();
    await solicitarPago(d)({ ...datos, idCorrelacion: 'c' });
    for (const cambio of [
      { monto: { moneda: 'COP', unidadesMenores: 150001n } },
      { monto: { moneda: 'USD', unidadesMenores: 150000n } },
      { idInfluencer: 'inf-2' },
      { idPrograma: 'prog-2' },
      { referencia: 'otra' },
    ]) {
      const e = await rechazo(solicitarPago(d)({ ...datos, ...cambio, idCorrelacion: 'c' }));
      expect(
        e.tipo,
        JSON.stringify(cambio, (_k, v) => (typeof v === 'bigint' ? String(v) : v)),
      ).to.equal('conflicto');
      expect(e.campo).to.equal('clave_idempotencia');
    }
    expect(d.almacen.eventos).to.have.length(1);
  });

  it('si otra solicitud idéntica gana la carrera, se devuelve la suya', async () => {
    const d = dependenciasMemoria();
    const datos = datosSolicitud();
    const ganador = Pago.solicitar(
      '00000000-0000-4000-8000-999999999999',
      SolicitudPago.de(datos),
      'c-0',
      AHORA,
    );
    d.repositorio.antesDeInsertar = () => {
      d.almacen.pagos.set(ganador.id, { ...ganador.instantanea(), version: 1 });
    };
    const { pago, creado } = await solicitarPago(d)({ ...datos, idCorrelacion: 'c-1' });
    expect(creado).to.equal(false);
    expect(pago.id).to.equal(ganador.id);
    expect(d.almacen.eventos).to.have.length(0);
  });

  it('una solicitud inválida no guarda nada ni abre transacción', async () => {
    const d = dependenciasMemoria();
    const e = await rechazo(
      solicitarPago(d)({
        ...datosSolicitud({ monto: { moneda: 'cop', unidadesMenores: 1n } }),
        idCorrelacion: 'c',
      }),
    );
    expect(e.campo).to.equal('monto.moneda');
    expect(d.almacen.transacciones).to.equal(0);
    expect(d.almacen.pagos.size).to.equal(0);
  });
});

describe('SolicitarPago: monto máximo por moneda', () => {
  const limites = { montoMaximo: new Map([['COP', 1_000_000n]]), plazoReintentoMs: Infinity };

  it('un monto sobre el máximo de su moneda es inválido, nombra el límite y no guarda nada', async () => {
    const d = { ...dependenciasMemoria(), limites };
    const monto = { moneda: 'COP', unidadesMenores: 1_000_001n };
    const e = await rechazo(solicitarPago(d)({ ...datosSolicitud({ monto }), idCorrelacion: 'c' }));
    expect([e.tipo, e.campo]).to.deep.equal(['invalido', 'monto.unidades_menores']);
    expect(e.message).to.contain('10000.00 COP');
    expect(e.message).to.contain('MONTO_MAXIMO_POR_MONEDA');
    expect(d.almacen.pagos.size).to.equal(0);
  });

  it('el máximo mismo se acepta; otra moneda sin límite propio también', async () => {
    const d = { ...dependenciasMemoria(), limites };
    const alLimite = { moneda: 'COP', unidadesMenores: 1_000_000n };
    expect(
      (await solicitarPago(d)({ ...datosSolicitud({ monto: alLimite }), idCorrelacion: 'c' })).creado,
    ).to.equal(true);
    const usd = { moneda: 'USD', unidadesMenores: 50_000_000n };
    expect(
      (await solicitarPago(d)({ ...datosSolicitud({ monto: usd }), idCorrelacion: 'c' })).creado,
    ).to.equal(true);
  });
});

describe('ReintentarPago', () => {
  async function pagoEn(d: ReturnType<typeof dependenciasMemoria>, fallar: boolean) {
    const { pago } = await solicitarPago(d)({ ...datosSolicitud(), idCorrelacion: 'c' });
    if (fallar) {
      await registrarResultadoLiquidacion(d)({
        idEvento: 'ev-f',
        idPago: pago.id,
        resultado: 'FALLIDO',
        referenciaPasarela: '',
        motivo: 'pasarela caída',
        intento: 1,
      });
    }
    return pago.id;
  }

  it('un pago FALLIDO vuelve a SOLICITADO con intento 2 y un nuevo PagoSolicitado', async () => {
    const d = dependenciasMemoria();
    const id = await pagoEn(d, true);
    const pago = await reintentarPago(d)({ idPago: id });
    expect(pago.estado).to.equal('SOLICITADO');
    expect(pago.intentos).to.equal(2);
    const solicitados = d.almacen.eventos.filter((e): e is PagoSolicitado => e instanceof PagoSolicitado);
    expect(solicitados.map((e) => e.datos.intento)).to.deep.equal([1, 2]);
  });

  it('reintentar un pago que no está FALLIDO es una precondición incumplida', async () => {
    const d = dependenciasMemoria();
    const id = await pagoEn(d, false);
    const e = await rechazo(reintentarPago(d)({ idPago: id }));
    expect(e.tipo).to.equal('precondicion');
  });

  it('reintentar un pago inexistente es no-encontrado; un id que no es UUID es inválido', async () => {
    const d = dependenciasMemoria();
    expect(
      (await rechazo(reintentarPago(d)({ idPago: '00000000-0000-4000-8000-000000000042' }))).tipo,
    ).to.equal('no-encontrado');
    const e = await rechazo(reintentarPago(d)({ idPago: 'abc' }));
    expect([e.tipo, e.campo]).to.deep.equal(['invalido', 'id_pago']);
  });

  it('pasado el plazo de retención de claves de la pasarela, reintentar es una precondición incumplida', async () => {
    const d = dependenciasMemoria();
    const id = await pagoEn(d, true);
    const horas = 3_600_000;
    const conPlazo = { ...d, limites: { montoMaximo: new Map(), plazoReintentoMs: 23 * horas } };
    d.reloj.momento = new Date(AHORA.getTime() + 23 * horas);
    const e = await rechazo(reintentarPago(conPlazo)({ idPago: id }));
    expect([e.tipo, e.campo]).to.deep.equal(['precondicion', 'id_pago']);
    expect(e.message).to.match(/clave de idempotencia/);
    expect(d.almacen.eventos.filter((x) => x instanceof PagoSolicitado)).to.have.length(1);
    d.reloj.momento = new Date(AHORA.getTime() + 23 * horas - 1);
    expect((await reintentarPago(conPlazo)({ idPago: id })).intentos).to.equal(2);
  });
});

describe('Resultado de liquidación', () => {
  async function solicitado(d: ReturnType<typeof dependenciasMemoria>) {
    return (await solicitarPago(d)({ ...datosSolicitud(), idCorrelacion: 'c' })).pago.id;
  }
  const resultado = (idPago: string, cambios: object = {}) => ({
    idEvento: 'ev-1',
    idPago,
    resultado: 'PAGADO' as const,
    referenciaPasarela: 'psp-1',
    motivo: '',
    intento: 1,
    ...cambios,
  });

  it('PAGADO deja el pago PAGADO con la referencia de la pasarela', async () => {
    const d = dependenciasMemoria();
    const id = await solicitado(d);
    expect(await registrarResultadoLiquidacion(d)(resultado(id))).to.equal('aplicado');
    expect(d.almacen.pagos.get(id)).to.include({ estado: 'PAGADO', referenciaPasarela: 'psp-1' });
  });

  it('RECHAZADO deja el motivo; FALLIDO también', async () => {
    const d = dependenciasMemoria();
    const a = await solicitado(d);
    const b = await solicitado(d);
    await registrarResultadoLiquidacion(d)(
      resultado(a, { idEvento: 'e-a', resultado: 'RECHAZADO', motivo: 'cuenta inválida' }),
    );
    await registrarResultadoLiquidacion(d)(
      resultado(b, { idEvento: 'e-b', resultado: 'FALLIDO', motivo: 'agotado' }),
    );
    expect(d.almacen.pagos.get(a)).to.include({ estado: 'RECHAZADO', motivo: 'cuenta inválida' });
    expect(d.almacen.pagos.get(b)).to.include({ estado: 'FALLIDO', motivo: 'agotado' });
  });

  it('el mismo evento entregado dos veces se aplica una sola vez', async () => {
    const d = dependenciasMemoria();
    const id = await solicitado(d);
    expect(await registrarResultadoLiquidacion(d)(resultado(id))).to.equal('aplicado');
    expect(await registrarResultadoLiquidacion(d)(resultado(id))).to.equal('repetido');
    expect(d.almacen.pagos.get(id)!.historial).to.have.length(2);
  });

  it('un evento de un pago desconocido, de un intento viejo o ilegal se ignora sin error', async () => {
    const d = dependenciasMemoria();
    const registrar = registrarResultadoLiquidacion(d);
    expect(await registrar(resultado('00000000-0000-4000-8000-000000000777', { idEvento: 'x1' }))).to.equal(
      'pago-desconocido',
    );
    expect(await registrar(resultado('no-es-uuid', { idEvento: 'x2' }))).to.equal('pago-desconocido');
    const id = await solicitado(d);
    await registrar(resultado(id, { idEvento: 'x3', resultado: 'FALLIDO', motivo: 'agotado' }));
    await reintentarPago(d)({ idPago: id });
    // A late result of attempt 1 must not settle attempt 2.
    expect(await registrar(resultado(id, { idEvento: 'x4', intento: 1 }))).to.equal('intento-obsoleto');
    expect(await registrar(resultado(id, { idEvento: 'x5', intento: 2 }))).to.equal('aplicado');
    expect(await registrar(resultado(id, { idEvento: 'x6', intento: 2, resultado: 'RECHAZADO' }))).to.equal(
      'transicion-ilegal',
    );
    expect(d.almacen.pagos.get(id)).to.include({ estado: 'PAGADO', intentos: 2 });
  });
});
