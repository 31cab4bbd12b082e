import { NOMBRES } from '@alpes/contratos';
import {
  EventoRecibido,
  iniciarServidorAppCallback,
  PublicadorDapr,
  Respuesta,
  type LoteSuscripcion,
  type ServidorAppCallback,
} from '@alpes/seedwork';
import { daprd, EntornoDePrueba, puertoLibre } from '../../src';

/** A minimal app beside its own daprd: records every delivery and answers what the test says. */
export class AppDePrueba {
  readonly entregas: EventoRecibido[] = [];
  /** Sizes of the batches received on subscriptions declared with `lote`, in arrival order. */
  readonly lotes: number[] = [];
  respuesta: (e: EventoRecibido) => Respuesta | Promise<Respuesta> = () => 'SUCCESS';
  publicador!: PublicadorDapr;
  private servidor?: ServidorAppCallback;

  constructor(
    readonly appId: string,
    private readonly suscripciones: { topico: string; topicoDeadLetter?: string; lote?: LoteSuscripcion }[],
  ) {}

  de(topico: string): EventoRecibido[] {
    return this.entregas.filter((e) => e.topico === topico);
  }

  async iniciar(entorno: EntornoDePrueba): Promise<void> {
    this.servidor = await iniciarServidorAppCallback({
      puerto: 0,
      tokenApp: entorno.tokens.app,
      registro: { info: () => undefined, warn: console.warn, error: console.error },
      pubsub: NOMBRES.componentePubsub,
      suscripciones: this.suscripciones.map((s) => {
        const manejar = async (e: EventoRecibido) => {
          this.entregas.push(e);
          return this.respuesta(e);
        };
        return {
          ...s,
          manejar,
          manejarLote: async (eventos: EventoRecibido[]) => {
            this.lotes.push(eventos.length);
            return Promise.all(eventos.map(manejar));
          },
        };
      }),
    });
    const appPuerto = this.servidor.puerto;
    const [grpcDapr, http, interno, metricas] = await Promise.all([
      puertoLibre(),
      puertoLibre(),
      puertoLibre(),
      puertoLibre(),
    ]);
    await entorno.supervisor.iniciar(
      daprd({
        appId: this.appId,
        appPuerto,
        tokens: entorno.tokens,
        grpc: grpcDapr,
        http,
        interno,
        metricas,
        recursos: entorno.recursos,
      }),
    );
    this.publicador = new PublicadorDapr({
      direccion: `127.0.0.1:${grpcDapr}`,
      pubsub: NOMBRES.componentePubsub,
      fuente: this.appId,
      tokenDapr: entorno.tokens.dapr,
    });
  }

  async detener(entorno: EntornoDePrueba, forzar = false): Promise<void> {
    const nombre = `daprd-${this.appId}`;
    await (forzar ? entorno.supervisor.matar(nombre) : entorno.supervisor.detener(nombre));
    this.publicador?.cerrar();
    await this.servidor?.detener(0);
  }
}
