// The chart's Postgres bounds: every replica's pool and session timeouts are set, the connection budget
// at the most replicas is checked against max_connections (the render fails past it), and the PSP
// credential comes from a Secret.
import { expect } from 'chai';
import { argumentosTemplate, ejecutarHelm } from '../../src/chart';
import { archivoValoresTemporal, env, plantillaPod, render, renderCon, unico } from '../apoyo';

describe('conexiones a Postgres y credencial de la pasarela en el chart', () => {
  for (const archivo of ['dev', 'prod'] as const) {
    it(`${archivo}: cada servicio lleva su pool, los tiempos máximos de sesión y la retención del inbox`, async () => {
      const objetos = await render(archivo);
      for (const servicio of ['pagos', 'liquidacion'] as const) {
        const contenedor = plantillaPod(unico(objetos, 'Deployment', servicio)).spec.containers.find(
          (c) => c.name === servicio,
        )!;
        expect(Number(env(contenedor, 'MAXIMO_CONEXIONES_BASE_DATOS')?.value), servicio).to.be.within(2, 200);
        for (const nombre of [
          'TIEMPO_MAXIMO_SENTENCIA_MS',
          'TIEMPO_MAXIMO_INACTIVO_EN_TRANSACCION_MS',
          'RETENCION_INBOX_HORAS',
          'INTERVALO_PURGA_INBOX_MINUTOS',
        ]) {
          expect(Number(env(contenedor, nombre)?.value), `${servicio} ${nombre}`).to.be.greaterThan(0);
        }
      }
    });
  }

  it('pagos recibe el monto máximo por moneda y el plazo de ReintentarPago de sus valores', async () => {
    const propios = archivoValoresTemporal({
      pagos: { montoMaximoPorMoneda: 'COP=500,USD=7', plazoReintentoHoras: 12 },
    });
    const objetos = await renderCon({ valores: ['dev', propios] });
    const pagos = plantillaPod(unico(objetos, 'Deployment', 'pagos')).spec.containers.find(
      (c) => c.name === 'pagos',
    )!;
    expect(env(pagos, 'MONTO_MAXIMO_POR_MONEDA')?.value).to.equal('COP=500,USD=7');
    expect(env(pagos, 'PLAZO_REINTENTO_HORAS')?.value).to.equal('12');
    const malo = archivoValoresTemporal({ pagos: { montoMaximoPorMoneda: 'cop=1' } });
    const r = await ejecutarHelm(argumentosTemplate({ valores: ['dev', malo] }));
    expect(r.errores).to.match(/\/pagos\/montoMaximoPorMoneda/);
  });

  it('el Postgres de desarrollo arranca con el max_connections del presupuesto', async () => {
    const postgres = plantillaPod(unico(await render('dev'), 'StatefulSet', 'postgres')).spec.containers[0]!;
    expect(postgres.args).to.deep.equal(['-c', 'max_connections=100']);
  });

  it('no renderiza si las réplicas máximas por el pool superan max_connections menos las reservadas', async () => {
    // prod: pagos at most 10 x (10 + 1) = 110, liquidacion n x (6 + 1), budget 300 - 10 = 290
    const dentro = archivoValoresTemporal({ keda: { maxReplicaCount: 25 } }); // 110 + 175 = 285 <= 290
    expect((await ejecutarHelm(argumentosTemplate({ valores: ['prod', dentro] }))).codigo).to.equal(0);
    const fuera = archivoValoresTemporal({ keda: { maxReplicaCount: 26 } }); // 110 + 182 = 292 > 290
    const r = await ejecutarHelm(argumentosTemplate({ valores: ['prod', fuera] }));
    expect(r.codigo).to.not.equal(0);
    expect(r.errores).to.match(
      /conexiones a Postgres: pagos 10 réplicas .* liquidacion 26 réplicas .* = 292/,
    );
    expect(r.errores).to.match(/baseDatos\.maxConnections \(300\)/);
    const pool = archivoValoresTemporal({ baseDatos: { poolPorReplica: { pagos: 40 } } }); // dev: 1 x 41 + 3 x 7
    expect((await ejecutarHelm(argumentosTemplate({ valores: ['dev', pool] }))).codigo).to.equal(0);
    const grande = archivoValoresTemporal({ baseDatos: { poolPorReplica: { pagos: 80 } } }); // 81 + 21 > 95
    expect((await ejecutarHelm(argumentosTemplate({ valores: ['dev', grande] }))).codigo).to.not.equal(0);
  });

  it('la credencial de la pasarela llega a liquidacion desde un Secret, nunca en claro', async () => {
    const objetos = await renderCon({
      valores: ['prod'],
      set: { 'liquidacion.credencialPasarela.secreto': 'psp-credencial' },
    });
    const liquidacion = plantillaPod(unico(objetos, 'Deployment', 'liquidacion')).spec.containers.find(
      (c) => c.name === 'liquidacion',
    )!;
    expect(env(liquidacion, 'CREDENCIAL_PASARELA')).to.deep.equal({
      name: 'CREDENCIAL_PASARELA',
      valueFrom: { secretKeyRef: { name: 'psp-credencial', key: 'credencial' } },
    });
    const sinSecreto = plantillaPod(unico(await render('dev'), 'Deployment', 'liquidacion')).spec.containers;
    expect(
      env(
        sinSecreto.find((c) => c.name === 'liquidacion')!,
        'CREDENCIAL_PASARELA',
      ),
    ).to.equal(undefined);
  });
});
