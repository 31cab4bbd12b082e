// The payment flow cases both cluster suites check (dev values in 2-flujo, prod-like values in
// 7-valores-produccion): the same assertions, whichever broker and database the release points at.
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import type { ClientePasarela } from '@alpes/cliente-pasarela';
import { liquidacion, pagos } from '@alpes/contratos';
import { esperarEstadoPago, llamar } from '../../src';

const { EstadoPago } = pagos;
const { EstadoLiquidacion } = liquidacion;

export interface ClientesFlujo {
  pagos: pagos.PagosServiceClient;
  liquidacion: liquidacion.LiquidacionServiceClient;
  pasarela: ClientePasarela;
}

export interface OpcionesFlujo {
  /** Names the suite in the request's program and reference. */
  etiqueta: string;
  unidadesMenores: bigint;
  plazoMs: number;
  intervaloMs: number;
}

export class FlujoEnCluster {
  constructor(
    private readonly c: ClientesFlujo,
    private readonly o: OpcionesFlujo,
  ) {}

  solicitud(): pagos.SolicitarPagoRequest {
    return {
      claveIdempotencia: randomUUID(),
      idInfluencer: `inf-${randomUUID().slice(0, 8)}`,
      idPrograma: `programa-${this.o.etiqueta}`,
      referencia: `comision-${this.o.etiqueta}`,
      monto: { moneda: 'COP', unidadesMenores: this.o.unidadesMenores },
    };
  }

  solicitar(r: pagos.SolicitarPagoRequest): Promise<pagos.Pago> {
    return llamar(this.c.pagos, this.c.pagos.solicitarPago, r).then((x) => x.pago!);
  }

  obtenerLiquidacion(idPago: string): Promise<liquidacion.Liquidacion> {
    return llamar(this.c.liquidacion, this.c.liquidacion.obtenerLiquidacion, { idPago }).then(
      (x) => x.liquidacion!,
    );
  }

  esperarEstado(idPago: string, estado: pagos.EstadoPago, plazoMs = this.o.plazoMs): Promise<pagos.Pago> {
    return esperarEstadoPago(this.c.pagos, idPago, estado, plazoMs, this.o.intervaloMs);
  }

  /** A payment ends PAGADO with exactly one transfer, its reference that transfer's, its liquidacion EXITOSA. */
  async pagadoConUnaTransferencia(): Promise<pagos.Pago> {
    const pago = await this.solicitar(this.solicitud());
    expect(pago.estado).to.equal(EstadoPago.ESTADO_PAGO_SOLICITADO);
    const pagado = await this.esperarEstado(pago.id, EstadoPago.ESTADO_PAGO_PAGADO);
    const libro = await this.c.pasarela.transferencias(pago.id);
    expect(libro).to.have.length(1);
    expect(pagado.referenciaPasarela).to.equal(libro[0]!.id);
    expect((await this.obtenerLiquidacion(pago.id)).estado).to.equal(
      EstadoLiquidacion.ESTADO_LIQUIDACION_EXITOSA,
    );
    return pagado;
  }

  /** A permanent rejection ends RECHAZADO after one PSP call and no transfer. */
  async rechazadoSinTransferencia(): Promise<void> {
    const r = this.solicitud();
    await this.c.pasarela.configurarFallas({ rechazar_influencers: [r.idInfluencer] });
    const pago = await this.solicitar(r);
    await this.esperarEstado(pago.id, EstadoPago.ESTADO_PAGO_RECHAZADO);
    expect((await this.c.pasarela.estado()).solicitudes.rechazada).to.equal(1);
    expect(await this.c.pasarela.transferencias(pago.id)).to.have.length(0);
  }
}
