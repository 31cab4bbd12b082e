import { expect } from 'chai';
import { ErrorConcurrencia } from '@alpes/seedwork';
import { solicitarPago } from '../../src/aplicacion/comandos/solicitar-pago';
import { reintentarPago } from '../../src/aplicacion/comandos/reintentar-pago';
import {
  registrarResultadoLiquidacion,
  type RegistrarResultadoLiquidacion,
} from '../../src/aplicacion/comandos/registrar-resultado-liquidacion';
import { registrarResultadosLiquidacion } from '../../src/aplicacion/comandos/registrar-resultados-liquidacion';
import { dependenciasMemoria } from '../apoyo/fakes';
import { datosSolicitud } from '../apoyo/madres';

describe('Resultados de liquidación en grupo (una transacción)', () => {
  type Deps = ReturnType<typeof dependenciasMemoria>;
  const solicitado = async (d: Deps) =>
    (await solicitarPago(d)({ ...datosSolicitud(), idCorrelacion: 'c' })).pago.id;
  const resultado = (
    idEvento: string,
    idPago: string,
    cambios: Partial<RegistrarResultadoLiquidacion> = {},
  ): RegistrarResultadoLiquidacion => ({
    idEvento,
    idPago,
    resultado: 'PAGADO',
    referenciaPasarela: `psp-${idEvento}`,
    motivo: '',
    intento: 1,
    ...cambios,
  });

  it('cada resultado de un grupo mixto recibe su propio desenlace, en una sola transacción y un guardado', async () => {
    const d = dependenciasMemoria();
    const [pagado, repetido, obsoleto, ilegal, dosVeces] = [
      await solicitado(d),
      await solicitado(d),
      await solicitado(d),
      await solicitado(d),
      await solicitado(d),
    ];
    await registrarResultadoLiquidacion(d)(resultado('ya-visto', repetido));
    await registrarResultadoLiquidacion(d)(
      resultado('rechazo', ilegal, { resultado: 'RECHAZADO', motivo: 'no' }),
    );
    await registrarResultadoLiquidacion(d)(
      resultado('falla', obsoleto, { resultado: 'FALLIDO', motivo: 'x' }),
    );
    await reintentarPago(d)({ idPago: obsoleto });
    const transacciones = d.almacen.transacciones;

    const desenlaces = await registrarResultadosLiquidacion(d)([
      resultado('e-1', pagado),
      resultado('ya-visto', repetido),
      resultado('e-2', '00000000-0000-4000-8000-000000000777'),
      resultado('e-3', 'no-es-uuid'),
      resultado('e-4', obsoleto, { intento: 1 }),
      resultado('e-5', ilegal),
      resultado('e-6', dosVeces, { resultado: 'FALLIDO', motivo: 'agotado' }),
      resultado('e-1', pagado, { referenciaPasarela: 'otra' }),
      resultado('e-7', dosVeces.toUpperCase()),
    ]);

    expect(desenlaces).to.deep.equal([
      'aplicado',
      'repetido',
      'pago-desconocido',
      'pago-desconocido',
      'intento-obsoleto',
      'transicion-ilegal',
      'aplicado',
      'repetido', // the same event id earlier in the group
      'aplicado', // after e-6, on the same pago: FALLIDO, then the PSP's late success
    ]);
    expect(d.almacen.transacciones - transacciones).to.equal(1);
    expect(d.repositorio.lotesGuardados.at(-1)).to.have.members([pagado, dosVeces]);
    expect(d.almacen.pagos.get(pagado)).to.include({
      estado: 'PAGADO',
      referenciaPasarela: 'psp-e-1',
      version: 2,
    });
    expect(d.almacen.pagos.get(obsoleto)).to.include({ estado: 'SOLICITADO', intentos: 2 });
    expect(d.almacen.pagos.get(ilegal)).to.include({ estado: 'RECHAZADO' });
    const dos = d.almacen.pagos.get(dosVeces)!;
    expect(dos).to.include({ estado: 'PAGADO', referenciaPasarela: 'psp-e-7', version: 2 });
    expect(dos.historial.map((h) => h.hacia)).to.deep.equal(['SOLICITADO', 'FALLIDO', 'PAGADO']);
    for (const id of ['e-1', 'e-2', 'e-3', 'e-4', 'e-5', 'e-6', 'e-7']) {
      expect(d.almacen.inbox.has(`pagos/${id}`), id).to.equal(true);
    }
  });

  it('un grupo sin nada que aplicar no guarda pagos; uno vacío no falla', async () => {
    const d = dependenciasMemoria();
    const id = await solicitado(d);
    await registrarResultadoLiquidacion(d)(resultado('e-1', id));
    expect(
      await registrarResultadosLiquidacion(d)([resultado('e-1', id), resultado('e-1', id)]),
    ).to.deep.equal(['repetido', 'repetido']);
    expect(await registrarResultadosLiquidacion(d)([])).to.deep.equal([]);
    expect(d.repositorio.lotesGuardados).to.deep.equal([]);
  });

  it('si otro escritor cambió un pago, el grupo entero se repite y el inbox no queda a medias', async () => {
    const d = dependenciasMemoria();
    const a = await solicitado(d);
    const b = await solicitado(d);
    const guardarVarios = d.repositorio.guardarVarios.bind(d.repositorio);
    let carreras = 1;
    d.repositorio.guardarVarios = async (tx, pagos) => {
      if (carreras-- > 0) throw new ErrorConcurrencia('versión cambiada');
      return guardarVarios(tx, pagos);
    };
    const desenlaces = await registrarResultadosLiquidacion(d)([resultado('e-a', a), resultado('e-b', b)]);
    expect(desenlaces).to.deep.equal(['aplicado', 'aplicado']);
    expect(d.almacen.pagos.get(a)).to.include({ estado: 'PAGADO' });
    expect(d.almacen.pagos.get(b)).to.include({ estado: 'PAGADO' });
    expect(d.almacen.pagos.get(a)!.historial).to.have.length(2);
  });
});
