import { expect } from 'chai';
import { pagos } from '@alpes/contratos';
import { ficha, tabla } from '../../src/tabla';
import { fichaPago, tablaPagos } from '../../src/presentacion';

const pago = (sobre: Partial<pagos.Pago> = {}): pagos.Pago =>
  pagos.Pago.fromPartial({
    id: 'p-1',
    idInfluencer: 'inf-1',
    monto: { moneda: 'COP', unidadesMenores: 150000n },
    estado: pagos.EstadoPago.ESTADO_PAGO_PAGADO,
    claveIdempotencia: 'k',
    intentos: 1,
    creadoEn: new Date('2026-01-02T03:04:05.000Z'),
    version: 2n,
    ...sobre,
  });

describe('tablas para el operador', () => {
  it('alinea columnas al dato más ancho y los números a la derecha', () => {
    const texto = tabla(
      [
        { titulo: 'ID', valor: (f: { id: string; n: number }) => f.id },
        { titulo: 'N', valor: (f) => String(f.n), alineacion: 'derecha' },
      ],
      [
        { id: 'a', n: 1 },
        { id: 'bbbb', n: 100 },
      ],
    );
    expect(texto.split('\n')).to.deep.equal(['ID      N', 'a       1', 'bbbb  100']);
  });

  it('un salto de línea en los datos no rompe la tabla', () => {
    expect(ficha([['motivo', 'a\nb']])).to.equal('motivo: a b');
  });

  it('un pago se lista con estado sin prefijo y monto exacto', () => {
    const [cabecera, fila] = tablaPagos([pago()]).split('\n');
    expect(cabecera).to.match(/^ID\s+ESTADO\s+MONTO\s+INFLUENCER/);
    expect(fila).to.match(/^p-1\s+PAGADO\s+1500\.00 COP\s+inf-1\s+1\s+2026-01-02T03:04:05\.000Z/);
  });

  it('la ficha de un pago muestra su historial', () => {
    const texto = fichaPago(
      pago({
        historial: [
          {
            desde: pagos.EstadoPago.ESTADO_PAGO_SOLICITADO,
            hacia: pagos.EstadoPago.ESTADO_PAGO_PAGADO,
            motivo: '',
            ocurridoEn: new Date('2026-01-02T03:04:06.000Z'),
          },
        ],
      }),
    );
    expect(texto).to.match(/monto:\s+1500\.00 COP/);
    expect(texto).to.match(
      /historial:\nOCURRIDO_EN\s+DESDE\s+HACIA\s+MOTIVO\n2026-01-02T03:04:06\.000Z\s+SOLICITADO\s+PAGADO\s+-/,
    );
  });
});
