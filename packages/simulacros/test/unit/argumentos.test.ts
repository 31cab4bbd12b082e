import { expect } from 'chai';
import { ErrorDeUso } from '@alpes/cli';
import { analizar, type Plan } from '../../src/argumentos';

const plan = (argv: string[], env: NodeJS.ProcessEnv = {}) => analizar(argv, env) as Plan;

describe('argumentos de los simulacros', () => {
  it('el modo corto reduce tasa y duración; las opciones explícitas mandan', () => {
    expect(plan(['load', '--corto']).opciones).to.include({ tasa: 100, duracionS: 15, corto: true });
    expect(plan(['load']).opciones).to.include({ tasa: 200, duracionS: 60, corto: false });
    expect(plan(['load', '--corto', '--tasa', '3000', '--cerrado']).opciones).to.include({
      tasa: 3000,
      cerrado: true,
    });
  });

  it('acepta los nombres en español como alias', () => {
    expect(plan(['caida']).simulacro).to.equal('outage');
    expect(plan(['veneno', '--tipos-veneno', 'pago-invalido']).opciones.tiposVeneno).to.deep.equal([
      'pago-invalido',
    ]);
  });

  it('failover recorre los seis componentes en el orden del issue salvo que se elijan', () => {
    expect(plan(['failover']).opciones.componentes).to.deep.equal([
      'liquidacion', 'daprd-liquidacion', 'pulsar', 'pagos', 'daprd-pagos', 'postgres',
    ]); // prettier-ignore
    expect(plan(['failover', '--componentes', 'pagos,postgres']).opciones.componentes).to.deep.equal([
      'pagos',
      'postgres',
    ]);
  });

  it('k8s toma namespace y contexto; local sigue los puertos movidos', () => {
    const k = plan(['poison', '--target', 'k8s', '--k8s-namespace', 'alpes', '--k8s-contexto', 'kind-alpes']);
    expect(k.objetivo).to.equal('k8s');
    expect(k.k8s.namespace).to.equal('alpes');
    expect(k.k8s.contexto).to.equal('kind-alpes');
    const l = plan(['load'], { ALPES_PUERTO_CONTROL: '14099', ALPES_PUERTO_PAGOS_GRPC: '60051' });
    expect(l.urlControl).to.equal('http://127.0.0.1:14099');
    expect(l.direcciones.pagos).to.equal('127.0.0.1:60051');
  });

  it('sin simulacro o con --ayuda muestra la ayuda', () => {
    expect(analizar([], {})).to.equal('ayuda');
    expect(analizar(['load', '-h'], {})).to.equal('ayuda');
  });

  for (const [argv, opcion] of [
    [['stress'], 'stress'],
    [['load', '--target', 'docker'], '--target'],
    [['load', '--tasa', 'rapido'], '--tasa'],
    [['load', '--concurrencia', '1.5'], '--concurrencia'],
    [['failover', '--componentes', 'pagos,kafka'], '--componentes'],
    [['poison', '--tipos-veneno', 'x'], '--tipos-veneno'],
    [['load', '--moneda', 'XYZ'], '--moneda'],
    [['load', '--bogus'], '--bogus'],
    // kills pods: never against the current kubectl context by default
    [['failover', '--target', 'k8s', '--k8s-namespace', 'alpes'], '--k8s-contexto'],
  ] as [string[], string][]) {
    it(`${argv.join(' ')} es un error de uso que nombra ${opcion}`, () => {
      let error: unknown;
      try {
        analizar(argv, {});
      } catch (e) {
        error = e;
      }
      expect(error).to.be.instanceOf(ErrorDeUso);
      expect((error as ErrorDeUso).opcion).to.equal(opcion);
    });
  }
});
