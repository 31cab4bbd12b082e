// Promise-returning wrappers over the generated gRPC clients, with a deadline and the caller's bearer
// credential on every call, and failures turned into ErrorGrpc (service + address + code) for messages
// and exit codes.
import * as grpc from '@grpc/grpc-js';
import { liquidacion, pagos } from '@alpes/contratos';
import { conCredencial, credencialesCanal, proveedorTokenLocal, type ProveedorToken } from '@alpes/seedwork';
import { ErrorGrpc } from '../codigos-salida';

type Callback<R> = (error: grpc.ServiceError | null, respuesta: R) => void;
type MetodoUnario<Q, R> = (
  solicitud: Q,
  metadatos: grpc.Metadata,
  opciones: Partial<grpc.CallOptions>,
  callback: Callback<R>,
) => grpc.ClientUnaryCall;

function llamar<Q, R>(
  servicio: string,
  direccion: string,
  metodo: MetodoUnario<Q, R>,
  solicitud: Q,
  plazoMs: number,
): Promise<R> {
  return new Promise((resolver, rechazar) => {
    metodo(solicitud, new grpc.Metadata(), { deadline: Date.now() + plazoMs }, (error, respuesta) => {
      if (error) rechazar(new ErrorGrpc(servicio, direccion, error.code, error.details || error.message));
      else resolver(respuesta);
    });
  });
}

export interface OpcionesCliente {
  /** Deadline of each call. */
  plazoMs: number;
  /** Extra channel options (drills raise limits, share a channel). */
  canal?: grpc.ChannelOptions;
  /** Bearer token of every call (default: ALPES_TOKEN, else the local credential of `npm start`). */
  credencial?: ProveedorToken;
}

/** Client options: the channel's plus the credential interceptor. */
function opcionesDe(o: OpcionesCliente): Partial<grpc.ClientOptions> {
  return conCredencial(o.credencial ?? proveedorTokenLocal(), o.canal);
}

export class ClientePagos {
  readonly crudo: pagos.PagosServiceClient;

  constructor(
    readonly direccion: string,
    private readonly opciones: OpcionesCliente,
  ) {
    this.crudo = new pagos.PagosServiceClient(direccion, credencialesCanal(), opcionesDe(opciones));
  }

  private invocar<Q, R>(metodo: MetodoUnario<Q, R>, solicitud: Q, plazoMs?: number): Promise<R> {
    return llamar(
      'pagos',
      this.direccion,
      metodo.bind(this.crudo),
      solicitud,
      plazoMs ?? this.opciones.plazoMs,
    );
  }

  solicitar(solicitud: pagos.SolicitarPagoRequest, plazoMs?: number): Promise<pagos.Pago> {
    return this.invocar(this.crudo.solicitarPago, solicitud, plazoMs).then(pagoDe);
  }

  obtener(idPago: string): Promise<pagos.Pago> {
    return this.invocar(this.crudo.obtenerPago, { idPago }).then(pagoDe);
  }

  listar(solicitud: Partial<pagos.ListarPagosRequest>): Promise<pagos.ListarPagosResponse> {
    return this.invocar(this.crudo.listarPagos, pagos.ListarPagosRequest.fromPartial(solicitud));
  }

  reintentar(idPago: string): Promise<pagos.Pago> {
    return this.invocar(this.crudo.reintentarPago, { idPago }).then(pagoDe);
  }

  cerrar(): void {
    this.crudo.close();
  }
}

export class ClienteLiquidacion {
  readonly crudo: liquidacion.LiquidacionServiceClient;

  constructor(
    readonly direccion: string,
    private readonly opciones: OpcionesCliente,
  ) {
    this.crudo = new liquidacion.LiquidacionServiceClient(
      direccion,
      credencialesCanal(),
      opcionesDe(opciones),
    );
  }

  private invocar<Q, R>(metodo: MetodoUnario<Q, R>, solicitud: Q): Promise<R> {
    return llamar('liquidacion', this.direccion, metodo.bind(this.crudo), solicitud, this.opciones.plazoMs);
  }

  obtener(idPago: string): Promise<liquidacion.Liquidacion> {
    return this.invocar(this.crudo.obtenerLiquidacion, { idPago }).then((r) => {
      if (!r.liquidacion) throw new Error('ObtenerLiquidacion respondió sin liquidacion');
      return r.liquidacion;
    });
  }

  listar(
    solicitud: Partial<liquidacion.ListarLiquidacionesRequest>,
  ): Promise<liquidacion.ListarLiquidacionesResponse> {
    return this.invocar(
      this.crudo.listarLiquidaciones,
      liquidacion.ListarLiquidacionesRequest.fromPartial(solicitud),
    );
  }

  cerrar(): void {
    this.crudo.close();
  }
}

function pagoDe(respuesta: { pago?: pagos.Pago | undefined }): pagos.Pago {
  if (!respuesta.pago) throw new Error('pagos respondió sin pago');
  return respuesta.pago;
}
