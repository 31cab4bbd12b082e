import * as grpc from '@grpc/grpc-js';
import { NOMBRES } from '@alpes/contratos';
import { EventoRecibido, PublicadorDapr, registrarAppCallback, Respuesta } from '@alpes/seedwork';
import { daprd, EntornoDePrueba, puertoLibre } from '../../src';

/** A minimal app beside its own daprd: records every delivery and answers what the test says. */
export class AppDePrueba {
  readonly entregas: EventoRecibido[] = [];
  respuesta: (e: EventoRecibido) => Respuesta = () => 'SUCCESS';
  publicador!: PublicadorDapr;
  private servidor = new grpc.Server();

  constructor(
    readonly appId: string,
    private readonly suscripciones: { topico: string; topicoDeadLetter?: string }[],
  ) {}

  de(topico: string): EventoRecibido[] {
    return this.entregas.filter((e) => e.topico === topico);
  }

  async iniciar(entorno: EntornoDePrueba): Promise<void> {
    this.servidor = new grpc.Server();
    registrarAppCallback(this.servidor, {
      pubsub: NOMBRES.componentePubsub,
      suscripciones: this.suscripciones.map((s) => ({
        ...s,
        manejar: async (e) => {
          this.entregas.push(e);
          return this.respuesta(e);
        },
      })),
    });
    const appPuerto = await new Promise<number>((resolve, reject) =>
      this.servidor.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e, p) =>
        e ? reject(e) : resolve(p),
      ),
    );
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
    });
  }

  async detener(entorno: EntornoDePrueba, forzar = false): Promise<void> {
    const nombre = `daprd-${this.appId}`;
    await (forzar ? entorno.supervisor.matar(nombre) : entorno.supervisor.detener(nombre));
    this.publicador?.cerrar();
    this.servidor.forceShutdown();
  }
}
