// Deliveries as the AppCallback hands them over: each helper is a use case behind its subscription
// (seedwork's envelope), so tests speak events in and Dapr replies out.
import type { EventoRecibido, Respuesta } from '@alpes/seedwork';
import {
  fallarLiquidacion,
  type Dependencias as DepsFallo,
} from '../../src/aplicacion/comandos/fallar-liquidacion';
import { liquidarPago, type Dependencias as DepsLiquidar } from '../../src/aplicacion/comandos/liquidar-pago';
import { suscripcionDeadLetter, suscripcionPagosSolicitados } from '../../src/infraestructura/suscripciones';

type Procesar = (evento: EventoRecibido) => Promise<Respuesta>;

/** A delivery on pagos-solicitados: liquidarPago behind its subscription. */
export function procesarPagoSolicitado(deps: DepsLiquidar): Procesar {
  const suscripcion = suscripcionPagosSolicitados({ liquidarPago: liquidarPago(deps), logger: deps.logger });
  return (evento) => suscripcion.manejar(evento);
}

/** A delivery on pagos-solicitados-dlq: fallarLiquidacion behind its subscription. */
export function procesarDeadLetter(deps: DepsFallo): Procesar {
  const suscripcion = suscripcionDeadLetter({
    fallarLiquidacion: fallarLiquidacion(deps),
    logger: deps.logger,
  });
  return (evento) => suscripcion.manejar(evento);
}
