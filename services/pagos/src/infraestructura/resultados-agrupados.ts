// liquidacion's results grouped across concurrent deliveries (group commit): daprd delivers them one by
// one but many at once; seedwork's Agrupador gathers those arriving together and registrarResultados-
// Liquidacion applies a whole group in ONE transaction (a fixed number of statements, one commit). If
// Postgres refuses the group because of one row (fallas-de-una-fila.ts), its results are applied one at a
// time by the one-by-one use case, in arrival order, so that only that result fails; any other failure
// fails every result of the group (each delivery then answers RETRY), as does a full Agrupador.
import {
  Agrupador,
  desenlaceDe,
  esFallaDeUnaFila,
  type DesenlaceEntrada,
  type OpcionesAgrupacion,
} from '@alpes/seedwork';
import type {
  DesenlaceResultado,
  RegistrarResultadoLiquidacion,
} from '../aplicacion/comandos/registrar-resultado-liquidacion';

type Registrar = (cmd: RegistrarResultadoLiquidacion) => Promise<DesenlaceResultado>;
type RegistrarVarios = (cmds: readonly RegistrarResultadoLiquidacion[]) => Promise<DesenlaceResultado[]>;

/** The subscribers' way to register a result: grouped with its concurrent neighbours, or alone. */
export class ResultadosAgrupados {
  private readonly agrupador: Agrupador<RegistrarResultadoLiquidacion, DesenlaceResultado> | undefined;

  constructor(
    private readonly uno: Registrar,
    private readonly varios: RegistrarVarios,
    /** ventanaMs 0: not grouped at all (one transaction per result). */
    opciones: OpcionesAgrupacion,
  ) {
    if (opciones.ventanaMs > 0) {
      this.agrupador = new Agrupador({
        ...opciones,
        nombre: 'resultados de liquidación',
        procesar: (lote) => this.procesar(lote),
      });
    }
  }

  /** Registers `cmd`: settles with its own outcome once its group committed (ErrorSaturacion when full). */
  readonly registrar: Registrar = (cmd) => (this.agrupador ? this.agrupador.agregar(cmd) : this.uno(cmd));

  /** Graceful stop: the results waiting for their group are applied now; resolves when every group is done. */
  cerrar(): Promise<void> {
    return this.agrupador?.cerrar() ?? Promise.resolve();
  }

  private async procesar(
    lote: readonly RegistrarResultadoLiquidacion[],
  ): Promise<DesenlaceEntrada<DesenlaceResultado>[]> {
    try {
      return (await this.varios(lote)).map((valor) => ({ valor }));
    } catch (error) {
      if (!esFallaDeUnaFila(error)) throw error;
    }
    // one at a time, in order: two results for the same pago keep their order
    const desenlaces: DesenlaceEntrada<DesenlaceResultado>[] = [];
    for (const cmd of lote) {
      desenlaces.push(await desenlaceDe(this.uno(cmd)));
    }
    return desenlaces;
  }
}
