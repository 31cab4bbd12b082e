import { TOPICOS } from '@alpes/contratos';
import { expect } from 'chai';
import { argumentosTemplate, ejecutarHelm, renderizar } from '../../src/chart';
import { rutaEstadisticasKeda, senalDe, triggersLiquidacion } from '../../src/senal-keda';
import { archivoValoresTemporal } from '../apoyo';

// A partitioned pagos-solicitados (issue #11, past one machine): KEDA must read that topic's
// partitioned-stats, whose msgBacklog the broker sums over every partition; its /stats (what KEDA reads
// without isPartitionedTopic) does not describe a partitioned topic. The live half, on a real broker,
// is packages/pruebas-sistema/test/e2e/senal-keda-particionada.test.ts.

function particionado(objetos: Awaited<ReturnType<typeof renderizar>>): Record<string, string> {
  return Object.fromEntries(
    triggersLiquidacion(objetos).map((t) => [t.metadata.topic!, t.metadata.isPartitionedTopic!]),
  );
}

describe('pagos-solicitados particionado (pulsar.particiones)', () => {
  it('sin particiones KEDA lee /stats de ambos tópicos, como hasta ahora', async () => {
    const objetos = await renderizar({ valores: ['prod'] });
    expect(particionado(objetos)).to.deep.equal({
      [`persistent://public/default/${TOPICOS.pagosSolicitados}`]: 'false',
      [`persistent://public/default/${TOPICOS.pagosSolicitadosDlq}`]: 'false',
    });
  });

  it('con N particiones KEDA lee las estadísticas particionadas de pagos-solicitados, y solo de él', async () => {
    const valores = archivoValoresTemporal({ pulsar: { particiones: { pagosSolicitados: 8 } } });
    const objetos = await renderizar({ valores: ['prod', valores] });
    expect(particionado(objetos)).to.deep.equal({
      [`persistent://public/default/${TOPICOS.pagosSolicitados}`]: 'true',
      [`persistent://public/default/${TOPICOS.pagosSolicitadosDlq}`]: 'false',
    });
    // the topic keeps its base name (KEDA appends /partitioned-stats), the subscription is unchanged
    const senal = senalDe(objetos);
    expect(senal.topic).to.equal(`persistent://public/default/${TOPICOS.pagosSolicitados}`);
    expect(senal.subscription).to.equal('liquidacion');
    expect(senal.particionado).to.equal(true);
    expect(rutaEstadisticasKeda(senal.topic, senal.particionado)).to.equal(
      `/admin/v2/persistent/public/default/${TOPICOS.pagosSolicitados}/partitioned-stats`,
    );
    expect(rutaEstadisticasKeda(senal.topic, false)).to.equal(
      `/admin/v2/persistent/public/default/${TOPICOS.pagosSolicitados}/stats`,
    );
  });

  it('keda.isPartitionedTopic sigue marcando todos los tópicos vigilados', async () => {
    const valores = archivoValoresTemporal({ keda: { isPartitionedTopic: true } });
    const objetos = await renderizar({ valores: ['prod', valores] });
    expect(Object.values(particionado(objetos))).to.deep.equal(['true', 'true']);
  });

  it('se rechaza con el Pulsar de desarrollo, que crearía el tópico sin particiones, diciendo por qué', async () => {
    const valores = archivoValoresTemporal({ pulsar: { particiones: { pagosSolicitados: 4 } } });
    const r = await ejecutarHelm(argumentosTemplate({ valores: ['dev', valores] }));
    expect(r.codigo).to.not.equal(0);
    expect(r.errores).to.match(/pulsar\.particiones\.pagosSolicitados=4 con el Pulsar de desarrollo/);
    expect(r.errores).to.include('create-partitioned-topic');
  });

  it('un número de particiones negativo o como texto no es válido', async () => {
    for (const [valor, mensaje] of [
      [-1, /at '\/pulsar\/particiones\/pagosSolicitados': minimum: got -1, want 0/],
      ['8', /at '\/pulsar\/particiones\/pagosSolicitados': got string, want integer/],
    ] as const) {
      const valores = archivoValoresTemporal({ pulsar: { particiones: { pagosSolicitados: valor } } });
      const r = await ejecutarHelm(argumentosTemplate({ valores: ['prod', valores] }));
      expect(r.codigo, String(valor)).to.not.equal(0);
      expect(r.errores).to.match(mensaje);
    }
  });
});
