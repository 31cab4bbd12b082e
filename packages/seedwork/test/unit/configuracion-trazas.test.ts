import { expect } from 'chai';
import { ErrorConfiguracion, ESQUEMA_TRAZAS, leerConfiguracion, opcionesTrazas } from '../../src';

// Which OTLP endpoint the standard OpenTelemetry variables name; none means tracing off.
const opciones = (entorno: Record<string, string>) =>
  opcionesTrazas(leerConfiguracion(ESQUEMA_TRAZAS, entorno), 'pagos');

describe('configuración de trazas (variables OTEL_*)', () => {
  it('sin endpoint no hay URL: las trazas quedan apagadas', () => {
    expect(opciones({})).to.deep.equal({ servicio: 'pagos' });
    expect(opciones({ OTEL_SERVICE_NAME: 'otro' })).to.deep.equal({ servicio: 'otro' });
  });

  it('OTEL_EXPORTER_OTLP_ENDPOINT es la base: se le agrega /v1/traces con una sola barra', () => {
    for (const base of ['http://colector:4318', 'http://colector:4318/']) {
      expect(opciones({ OTEL_EXPORTER_OTLP_ENDPOINT: base }).url).to.equal('http://colector:4318/v1/traces');
    }
    expect(opciones({ OTEL_EXPORTER_OTLP_ENDPOINT: 'https://c.example/otlp' }).url).to.equal(
      'https://c.example/otlp/v1/traces',
    );
  });

  it('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT se usa tal cual y gana sobre la base', () => {
    expect(
      opciones({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://base:4318',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://trazas:9999/recibir',
      }),
    ).to.deep.equal({ servicio: 'pagos', url: 'http://trazas:9999/recibir' });
  });

  it('OTEL_SDK_DISABLED=true apaga las trazas aunque haya endpoint', () => {
    expect(
      opciones({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_SDK_DISABLED: 'true' }).url,
    ).to.equal(undefined);
  });

  it('un endpoint que no es URL http(s) impide arrancar y nombra la variable', () => {
    expect(() => opciones({ OTEL_EXPORTER_OTLP_ENDPOINT: 'colector:4317' }))
      .to.throw(ErrorConfiguracion)
      .with.property('message')
      .that.contains('OTEL_EXPORTER_OTLP_ENDPOINT="colector:4317" no es válida');
  });
});
