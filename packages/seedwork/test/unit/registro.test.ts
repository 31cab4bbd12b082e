import { expect } from 'chai';
import { agregarAlContexto, conContexto, crearLogger } from '../../src';

function capturar(nivel?: 'debug' | 'info' | 'warn' | 'error') {
  const lineas: Record<string, unknown>[] = [];
  const logger = crearLogger({ servicio: 'pagos', nivel, escribir: (l) => lineas.push(JSON.parse(l)) });
  return { logger, lineas };
}

describe('registro JSON', () => {
  it('cada línea escrita durante una petición lleva id_correlacion e id_pago, también tras un await', async () => {
    const { logger, lineas } = capturar();
    await conContexto({ id_correlacion: 'c-1' }, async () => {
      logger.info('recibida');
      agregarAlContexto({ id_pago: 'p-1' });
      await new Promise((r) => setImmediate(r));
      logger.hijo({ componente: 'repositorio' }).warn('guardado', { version: 2 });
    });
    logger.info('fuera');
    expect(lineas[0]).to.include({
      nivel: 'info',
      servicio: 'pagos',
      msg: 'recibida',
      id_correlacion: 'c-1',
    });
    expect(lineas[0]).to.not.have.property('id_pago');
    expect(lineas[1]).to.include({
      id_correlacion: 'c-1',
      id_pago: 'p-1',
      componente: 'repositorio',
      version: 2,
    });
    expect(lineas[2]).to.not.have.property('id_correlacion');
  });

  it('filtra por nivel y serializa bigint y errores', () => {
    const { logger, lineas } = capturar('warn');
    logger.info('no se escribe');
    logger.error('falló', { monto: 12n, error: new Error('boom') });
    expect(lineas).to.have.length(1);
    expect(lineas[0]).to.include({ monto: '12' });
    expect((lineas[0]!.error as { mensaje: string }).mensaje).to.equal('boom');
  });

  it('cada línea es un objeto JSON con ts, nivel, servicio y msg; bigint anidado como texto', () => {
    const crudas: string[] = [];
    const logger = crearLogger({ servicio: 'liquidacion', escribir: (l) => crudas.push(l) });
    logger.hijo({ componente: 'relay' }).info('publicado', { monto: { unidades_menores: 150000n } });
    expect(crudas).to.have.length(1);
    expect(crudas[0]).to.not.include('\n');
    const linea = JSON.parse(crudas[0]!) as Record<string, unknown>;
    expect(linea).to.include({
      nivel: 'info',
      servicio: 'liquidacion',
      msg: 'publicado',
      componente: 'relay',
    });
    expect(new Date(linea.ts as string).toISOString()).to.equal(linea.ts);
    expect(linea.monto).to.deep.equal({ unidades_menores: '150000' });
    expect(linea).to.not.have.any.keys('level', 'time', 'pid', 'hostname');
  });
});
