// The apps' tracing through the chart: trazas.endpointOtlp reaches pagos and liquidacion as
// OTEL_EXPORTER_OTLP_ENDPOINT (with the sampler of trazas.muestreo) and the services read it as their
// traces URL; without it no OTEL_ variable is set (the apps make no span); prod's egress lets the
// spans reach the collector; a malformed endpoint or share is refused.
import { ESQUEMA_TRAZAS, leerConfiguracion, opcionesTrazas } from '@alpes/seedwork';
import { NOMBRES } from '@alpes/contratos';
import { expect } from 'chai';
import { argumentosTemplate, ejecutarHelm, type ObjetoK8s } from '../../src/chart';
import { archivoValoresTemporal, plantillaPod, render, todos, unico, type Contenedor } from '../apoyo';

const SERVICIOS = [NOMBRES.appIds.pagos, NOMBRES.appIds.liquidacion];

function contenedorDe(objetos: ObjetoK8s[], appId: string): Contenedor {
  return plantillaPod(unico(objetos, 'Deployment', appId)).spec.containers.find((c) => c.name === appId)!;
}

function variablesOtel(c: Contenedor): Record<string, string | undefined> {
  return Object.fromEntries(
    (c.env ?? []).filter((e) => e.name.startsWith('OTEL_')).map((e) => [e.name, e.value]),
  );
}

describe('trazas de las apps en el chart (trazas.*)', () => {
  it('en dev no hay endpoint: ningún servicio recibe variables OTEL_', async () => {
    const objetos = await render('dev');
    for (const appId of SERVICIOS)
      expect(variablesOtel(contenedorDe(objetos, appId)), appId).to.deep.equal({});
  });

  it('en prod ambos servicios exportan al colector con el muestreo de trazas.muestreo', async () => {
    const objetos = await render('prod');
    for (const appId of SERVICIOS) {
      const variables = variablesOtel(contenedorDe(objetos, appId));
      expect(variables, appId).to.deep.equal({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector.observabilidad.svc.cluster.local:4318',
        OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
        OTEL_TRACES_SAMPLER_ARG: '0.1',
      });
      // what the service makes of them: its traces URL, named by its app id
      expect(opcionesTrazas(leerConfiguracion(ESQUEMA_TRAZAS, variables), appId)).to.deep.equal({
        servicio: appId,
        url: 'http://otel-collector.observabilidad.svc.cluster.local:4318/v1/traces',
      });
    }
  });

  it('en prod la salida de ambos servicios admite OTLP/HTTP (4318) hacia el colector', async () => {
    const objetos = await render('prod');
    for (const appId of SERVICIOS) {
      const politica = todos(objetos, 'NetworkPolicy').find((o) => o.metadata.name === `${appId}-salida`)!;
      const reglas = (politica.spec as { egress: Array<{ ports?: Array<{ port: number }> }> }).egress;
      expect(
        reglas.flatMap((r) => (r.ports ?? []).map((p) => p.port)),
        appId,
      ).to.include(4318);
    }
  });

  for (const [que, valores, mensaje] of [
    ['un endpoint sin esquema http(s)', { endpointOtlp: 'colector:4318' }, /at '\/trazas\/endpointOtlp'/],
    ['un muestreo fuera de 0..1', { muestreo: '2' }, /at '\/trazas\/muestreo'/],
  ] as const) {
    it(`rechaza ${que}, nombrando el valor`, async () => {
      const archivo = archivoValoresTemporal({ trazas: valores });
      const r = await ejecutarHelm(argumentosTemplate({ valores: ['dev', archivo] }));
      expect(r.codigo, `helm aceptó ${JSON.stringify(valores)}`).to.not.equal(0);
      expect(r.errores).to.match(mensaje);
    });
  }
});
