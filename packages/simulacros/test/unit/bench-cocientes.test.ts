import { expect } from 'chai';
import { AYUDA } from '../../src/bench/argumentos';
import { calcularCocientes, dividir, porcentaje, textoCocientes } from '../../src/bench/cocientes';
import { textoInforme, type Informe } from '../../src/bench/informe';
import { anclas, corrida, informe, rafaga } from '../apoyo/informe-bench';

describe('bench: cada cifra junto a su techo', () => {
  it('divide a tres decimales y no inventa un cociente sin techo', () => {
    expect(dividir(400, 4000)).to.equal(0.1);
    expect(dividir(1, 3)).to.equal(0.333);
    expect(dividir(400, 0)).to.equal(null);
    expect(dividir(null, 4000)).to.equal(null);
    expect(dividir(400, null)).to.equal(null);
    expect(porcentaje(0.041)).to.equal('4.1 %');
    expect(porcentaje(null)).to.equal('-');
  });

  it('aceptados/s se compara con el eco a la misma concurrencia, o con el mejor eco si no la hay', () => {
    const c = calcularCocientes(
      [
        corrida({ concurrencia: 16, aceptadosPorS: 400 }),
        corrida({ concurrencia: 64, aceptadosPorS: 500 }),
        corrida({ modo: 'abierto', concurrencia: 512, tasaObjetivo: 3000, aceptadosPorS: 700 }),
      ],
      null,
      anclas(),
    );
    expect(c.map((x) => [x.clave, x.valor, x.valorTecho, x.cociente])).to.deep.equal([
      ['aceptados.cerrado-16/eco.cerrado-16', 400, 4000, 0.1],
      ['aceptados.cerrado-64/eco.mejor', 500, 10000, 0.05],
      ['aceptados.abierto-3000/eco.mejor', 700, 10000, 0.07],
    ]);
  });

  it('asentados/s de la ráfaga se compara con la escritura agrupada de Postgres y con el lazo de Dapr', () => {
    const c = calcularCocientes([], rafaga({ asentadosPorS: 250, aceptadosPorS: 500 }), anclas());
    expect(c.map((x) => [x.clave, x.cociente])).to.deep.equal([
      ['aceptados.rafaga/eco.mejor', 0.05],
      ['asentados.rafaga/postgres.agrupada', 0.013],
      ['asentados.rafaga/dapr.entregas', 0.156],
    ]);
  });

  it('sin anclas no hay cocientes, y un techo que no se midió deja el cociente en null', () => {
    expect(calcularCocientes([corrida()], rafaga(), null)).to.deep.equal([]);
    const sinEntregas = anclas();
    sinEntregas.dapr!.entregasPorS = null; // not everything arrived within the deadline
    const c = calcularCocientes([], rafaga(), { ...sinEntregas, eco: [], postgres: null });
    expect(c).to.deep.equal([
      {
        clave: 'asentados.rafaga/dapr.entregas',
        figura: 'ráfaga: asentados/s',
        valor: 250,
        techo: 'daprd publicar -> entregar a una app trivial: entregas/s',
        valorTecho: null,
        cociente: null,
      },
    ]);
  });

  it('la tabla muestra cifra, techo y cociente en porcentaje; la nota de las dos entregas solo con Dapr', () => {
    const texto = textoCocientes(calcularCocientes([corrida()], rafaga(), anclas())).join('\n');
    expect(texto).to.include('cociente');
    expect(texto).to.match(
      /SolicitarPago cerrado 16: aceptados\/s\s+400\s+eco gRPC cerrado 16: llamadas\/s\s+4000\s+10\.0 %/,
    );
    expect(texto).to.include('dos entregas');
    const sinDapr = textoCocientes(calcularCocientes([corrida()], rafaga(), anclas({ dapr: null }))).join(
      '\n',
    );
    expect(sinDapr).to.not.include('dos entregas');
    expect(textoCocientes([])).to.deep.equal([]);
  });

  it('la ayuda documenta cada campo de un cociente tal como sale en --json', () => {
    const [cociente] = calcularCocientes([corrida()], null, anclas());
    const documentados = /cocientes\[\]\s+\{([^}]+)\}/
      .exec(AYUDA)![1]!
      .split(',')
      .map((x) => x.trim());
    expect(documentados).to.deep.equal(Object.keys(cociente!));
  });
});

describe('bench: informe con anclas', () => {
  it('el texto dice en qué condiciones se midieron las anclas y da cada techo con su CPU por unidad', () => {
    const texto = textoInforme(informe());
    expect(texto).to.include('Anclas: techos medidos en esta misma corrida');
    expect(texto).to.include('con los servicios detenidos');
    expect(texto).to.match(/100 pagos por sentencia \(unnest\): 20000 pagos\/s/);
    expect(texto).to.match(/1 pago por sentencia: 2500 pagos\/s/);
    expect(texto).to.include('CPU ms por pago: postgres 0.070 · bench 0.020 · total 0.090');
    expect(texto).to.include('1600 entregas/s');
    expect(texto).to.include('OnTopicEvent, uno por llamada');
    // echo: CPU ms per call of its server = cores * 1000 / calls per second (0.8 * 1000 / 4000)
    expect(texto).to.match(/\n\s+16\s+4000\s+4\.00\s+12\.0\s+0\s+0\.80\s+0\.90\s+0\.200/);
    expect(texto).to.match(/ráfaga: asentados\/s\s+250\s+escritura agrupada en Postgres[^\n]*20000\s+1\.3 %/);
  });

  it('la tabla de CPU muestra la parte de cada base junto a postgres, fuera del total', () => {
    const r = rafaga({
      nucleos: { pagos: 0.5, postgres: 0.4, 'postgres/pagos': 0.1, 'postgres/liquidacion': 0.25 },
      cpuMsPorPago: { pagos: 1, postgres: 2, 'postgres/pagos': 0.5, 'postgres/liquidacion': 1.25 },
    });
    const lineas = textoInforme(informe({ corridas: [], rafaga: r, cocientes: [] })).split('\n');
    const cabecera = lineas.find((l) => /^\s+pagos\s+postgres/.test(l))!;
    expect(cabecera.trim().split(/\s+/)).to.deep.equal(['pagos', 'postgres', 'pg/pagos', 'pg/liq', 'total']);
    // total = pagos + postgres (3.00), not pagos + postgres + its parts (4.75)
    const fila = lineas.find((l) => l.startsWith('ráfaga ms/pago'))!;
    expect(fila.trim().split(/\s+/).slice(2)).to.deep.equal(['1.00', '2.00', '0.50', '1.25', '3.00']);
  });

  it('sin fases del sistema no hay ledger, y sin anclas no hay tabla de cocientes', () => {
    const soloAnclas = textoInforme(informe({ corridas: [], rafaga: null, ledger: null, cocientes: [] }));
    expect(soloAnclas).to.not.include('ledger de la pasarela');
    expect(soloAnclas).to.include('Anclas:');
    const sinAnclas = textoInforme(informe({ anclas: null, cocientes: [] }));
    expect(sinAnclas).to.not.include('Anclas:');
    expect(sinAnclas).to.not.include('cociente');
    expect(sinAnclas).to.include('ledger de la pasarela: 5000 transferencias');
  });

  it('el JSON lleva las anclas y los cocientes con los nombres de campo que documenta la ayuda', () => {
    const json = JSON.parse(JSON.stringify(informe())) as Informe;
    expect(json.anclas!.condiciones).to.be.a('string');
    expect(json.anclas!.eco[0]!.aceptadosPorS).to.equal(4000);
    expect(json.anclas!.postgres!.agrupada.pagosPorS).to.equal(20000);
    expect(json.anclas!.postgres!.unaPorSentencia.pagosPorS).to.equal(2500);
    expect(json.anclas!.dapr!.entregasPorS).to.equal(1600);
    expect(json.cocientes.map((c) => c.clave)).to.include.members([
      'aceptados.cerrado-16/eco.cerrado-16',
      'asentados.rafaga/postgres.agrupada',
      'asentados.rafaga/dapr.entregas',
    ]);
    for (const campo of ['pagosPorS', 'sentenciasPorS', 'cpuMsPorPago', 'entregasPorS', 'cpuMsPorEntrega']) {
      expect(AYUDA, campo).to.include(campo);
    }
  });
});
