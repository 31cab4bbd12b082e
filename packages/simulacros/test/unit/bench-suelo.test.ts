import { expect } from 'chai';
import { AYUDA } from '../../src/bench/argumentos';
import { evaluar, textoInforme } from '../../src/bench/informe';
import { calcularSuelo, cpuSistemaPorPago } from '../../src/bench/suelo';
import { anclas, corrida, informe, rafaga } from '../apoyo/informe-bench';

// The fixture's anchors: echo 0.8 cores at 4,000 calls/s (0.2 ms) and 1 core at 10,000 (0.1 ms); a
// delivery costs daprd emisor 0.2 + receptor 0.3 + Pulsar 0.25 = 0.75 ms; the grouped write 0.07 ms of
// Postgres per payment (its node client, 'bench', is not the system).

describe('bench: el suelo de CPU que ponen las anclas bajo un pago asentado', () => {
  it('suma el eco más barato, dos entregas de Dapr y la escritura agrupada de Postgres', () => {
    const s = calcularSuelo(anclas())!;
    expect(s.ecoMsPorLlamada).to.equal(0.1);
    expect(s.entregaMsPorEntrega).to.equal(0.75);
    expect(s.escrituraMsPorPago).to.equal(0.07);
    expect(s.totalMs).to.equal(1.67);
  });

  it('deja fuera al cliente del bench, el ruido de la máquina y las partes de un componente', () => {
    const a = anclas();
    a.dapr!.cpuMsPorEntrega = {
      ...a.dapr!.cpuMsPorEntrega,
      bench: 0.05,
      ajenos: 0.4,
      'postgres/pagos': 0.3,
      postgres: 0,
    };
    const s = calcularSuelo(a)!;
    expect(s.entregaMsPorComponente).to.deep.equal({
      'daprd-bench-emisor': 0.2,
      'daprd-bench-receptor': 0.3,
      pulsar: 0.25,
    });
    expect(s.totalMs).to.equal(1.67);
    expect(
      cpuSistemaPorPago(
        rafaga({ cpuMsPorPago: { pagos: 1, postgres: 2, 'postgres/pagos': 0.5, bench: 0.4, ajenos: 1 } }),
      ),
    ).to.equal(3);
  });

  it('sin las tres anclas (o con un eco o un lazo de Dapr que no midió) no hay suelo', () => {
    expect(calcularSuelo(null)).to.equal(null);
    expect(calcularSuelo(anclas({ eco: [] }))).to.equal(null);
    expect(calcularSuelo(anclas({ postgres: null }))).to.equal(null);
    expect(calcularSuelo(anclas({ dapr: null }))).to.equal(null);
    expect(
      calcularSuelo(anclas({ eco: [corrida({ aceptadosPorS: 0, nucleos: { 'bench-eco': 1 } })] })),
    ).to.equal(null);
    const sinEntregas = anclas();
    sinEntregas.dapr!.entregasPorS = null;
    expect(calcularSuelo(sinEntregas)).to.equal(null);
  });

  it('el objetivo de CPU se cumple hasta 2 ms por pago asentado, y sin pagos asentados no se juzga', () => {
    const cpu = (cpuMsPorPago: Record<string, number>, asentadosPorS = 250) =>
      evaluar([], rafaga({ cpuMsPorPago, asentadosPorS })).cpu;
    expect(cpu({ pagos: 1, postgres: 1, bench: 0.5 })).to.deep.equal({ cumplido: true, medidoMs: 2 });
    expect(cpu({ pagos: 1, postgres: 1.01 })).to.deep.equal({ cumplido: false, medidoMs: 2.01 });
    expect(cpu({ pagos: 1 }, 0)).to.deep.equal({ cumplido: false, medidoMs: null });
    expect(evaluar([], null).cpu).to.deep.equal({ cumplido: false, medidoMs: null });
  });

  it('el informe da el suelo por partes, lo que deja del presupuesto, la ráfaga sobre él y el objetivo', () => {
    const texto = textoInforme(informe());
    expect(texto).to.include('Suelo de CPU por pago asentado');
    expect(texto).to.include(
      'eco gRPC 0.10 + 2 entregas Dapr × 0.75 (daprd-bench-receptor 0.30 · pulsar 0.25 · daprd-bench-emisor 0.20) + escritura agrupada 0.07 = 1.67 ms',
    );
    expect(texto).to.include('presupuesto 2.00 ms: el suelo se lleva 84 %, quedan 0.33 ms para el resto');
    // the fixture's burst: pagos 1.3 + postgres 2.4
    expect(texto).to.include('ráfaga: 3.70 ms por pago asentado, 2.03 ms sobre el suelo');
    expect(texto).to.include(
      'objetivo ≤ 2 ms de CPU por pago asentado: NO (medido: 3.7 ms; suelo de las anclas 1.67 ms)',
    );
    const sinAnclas = textoInforme(informe({ anclas: null, cocientes: [], suelo: null }));
    expect(sinAnclas).to.not.include('Suelo de CPU');
    expect(sinAnclas).to.include('objetivo ≤ 2 ms de CPU por pago asentado: NO (medido: 3.7 ms)');
  });

  it('la ayuda documenta cada campo del suelo tal como sale en --json', () => {
    const json = JSON.parse(JSON.stringify(informe())) as ReturnType<typeof informe>;
    const documentados = /suelo[^{]+\{([^}]+)\}/
      .exec(AYUDA)![1]!
      .split(',')
      .map((x) => x.trim());
    expect([...documentados].sort()).to.deep.equal(Object.keys(json.suelo!).sort());
    expect(AYUDA).to.match(/cpu\{cumplido, medidoMs\}/);
    expect(Object.keys(json.objetivo.cpu)).to.deep.equal(['cumplido', 'medidoMs']);
  });
});
