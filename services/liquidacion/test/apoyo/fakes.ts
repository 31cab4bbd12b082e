// In-memory fakes of the application ports, for unit tests of domain and application only.
import { ErrorConcurrencia, Monto, type EventoRecibido, type Transaccion, loggerNulo } from '@alpes/seedwork';
import { Liquidacion, type DatosLiquidacion, type EventoLiquidacion } from '../../src/dominio';
import type {
  EventoAplicado,
  GeneradorIds,
  Inbox,
  LiquidacionesSinTransaccion,
  PasarelaPagos,
  Reloj,
  RepositorioLiquidaciones,
  ResultadoPasarela,
  SolicitudTransferencia,
  UnidadDeTrabajo,
} from '../../src/aplicacion/puertos';

type Fila = Omit<DatosLiquidacion, 'monto'> & { moneda: string; unidadesMenores: bigint };

interface Estado {
  liquidaciones: Map<string, Fila>;
  eventos: Array<{ evento: EventoLiquidacion; traceparent?: string }>;
  inbox: Set<string>;
}

const copiar = (e: Estado): Estado => ({
  liquidaciones: new Map([...e.liquidaciones].map(([k, f]) => [k, { ...f, intentos: [...f.intentos] }])),
  eventos: [...e.eventos],
  inbox: new Set(e.inbox),
});

/** Committed state; each unit of work works on a copy that replaces it on commit (rollback = discard). */
export class AlmacenEnMemoria implements UnidadDeTrabajo {
  estado: Estado = { liquidaciones: new Map(), eventos: [], inbox: new Set() };
  transacciones = 0;

  async ejecutar<T>(trabajo: (tx: Transaccion) => Promise<T>): Promise<T> {
    this.transacciones++;
    const copia = copiar(this.estado);
    const resultado = await trabajo(copia as unknown as Transaccion);
    this.estado = copia;
    return resultado;
  }

  /** Statements without a transaction (sinTransaccionDe): each lands on the committed state at once. */
  usosSinTransaccion = 0;

  /** `repositorio`'s one-statement operations without a transaction, on the committed state, counted. */
  sinTransaccionDe(repositorio: RepositorioLiquidaciones): LiquidacionesSinTransaccion {
    const sesion = () => {
      this.usosSinTransaccion++;
      return this.estado as unknown as Transaccion;
    };
    return {
      porIdPagoConInbox: (idPago, evento) => repositorio.porIdPagoConInbox(sesion(), idPago, evento),
      guardar: (liquidacion, contexto) => repositorio.guardar(sesion(), liquidacion, contexto),
      guardarConInbox: (liquidacion, evento, contexto) =>
        repositorio.guardarConInbox(sesion(), liquidacion, evento, contexto),
    };
  }

  get eventos(): EventoLiquidacion[] {
    return this.estado.eventos.map((e) => e.evento);
  }
}

const de = (tx: Transaccion) => tx as unknown as Estado;

export class RepositorioEnMemoria implements RepositorioLiquidaciones {
  /** How many guardar calls still fail with ErrorConcurrencia (simulates a lost race). */
  conflictosPendientes = 0;
  /** porIdPago calls so far. */
  lecturas = 0;

  async porIdPago(tx: Transaccion, idPago: string): Promise<Liquidacion | undefined> {
    this.lecturas++;
    const fila = de(tx).liquidaciones.get(idPago);
    if (!fila) return undefined;
    const { moneda, unidadesMenores, ...resto } = fila;
    return Liquidacion.reconstituir({ ...resto, monto: Monto.de(moneda, unidadesMenores) });
  }

  async porIdPagoConInbox(
    tx: Transaccion,
    idPago: string,
    evento: EventoAplicado,
  ): Promise<{ liquidacion: Liquidacion | undefined; eventoRegistrado: boolean }> {
    const eventoRegistrado = de(tx).inbox.has(claveInbox(evento.idEvento, evento.consumidor));
    return { liquidacion: await this.porIdPago(tx, idPago), eventoRegistrado };
  }

  async guardar(
    tx: Transaccion,
    liquidacion: Liquidacion,
    contexto: { traceparent?: string } = {},
  ): Promise<void> {
    if (this.conflictosPendientes > 0) {
      this.conflictosPendientes--;
      throw new ErrorConcurrencia('otro escritor gano');
    }
    const estado = de(tx);
    const previa = estado.liquidaciones.get(liquidacion.idPago);
    if ((previa?.version ?? 0) !== liquidacion.version) throw new ErrorConcurrencia('version cambiada');
    const { monto, ...resto } = liquidacion.instantanea();
    estado.liquidaciones.set(liquidacion.idPago, {
      ...resto,
      moneda: monto.moneda,
      unidadesMenores: monto.unidadesMenores,
      version: liquidacion.version + 1,
    });
    for (const evento of liquidacion.extraerEventos())
      estado.eventos.push({ evento, traceparent: contexto.traceparent });
    liquidacion.confirmarVersion(liquidacion.version + 1);
  }

  async guardarConInbox(
    tx: Transaccion,
    liquidacion: Liquidacion,
    evento: EventoAplicado,
    contexto: { traceparent?: string } = {},
  ): Promise<'guardada' | 'evento-ya-registrado'> {
    const clave = claveInbox(evento.idEvento, evento.consumidor);
    if (de(tx).inbox.has(clave)) return 'evento-ya-registrado';
    await this.guardar(tx, liquidacion, contexto); // throws before writing anything on a lost race
    de(tx).inbox.add(clave);
    return 'guardada';
  }
}

const claveInbox = (idEvento: string, consumidor: string) => `${consumidor}|${idEvento}`;

export class InboxEnMemoria implements Inbox {
  async registrarSiNuevo(tx: Transaccion, idEvento: string, consumidor: string): Promise<boolean> {
    const clave = claveInbox(idEvento, consumidor);
    if (de(tx).inbox.has(clave)) return false;
    de(tx).inbox.add(clave);
    return true;
  }
}

/** Answers calls from a script (the last answer repeats); records every call. */
export class PasarelaFalsa implements PasarelaPagos {
  llamadas: SolicitudTransferencia[] = [];
  constructor(
    private respuestas: Array<ResultadoPasarela | Error> = [{ tipo: 'pagado', referencia: 'tr_1' }],
  ) {}

  responder(...respuestas: Array<ResultadoPasarela | Error>): void {
    this.respuestas = respuestas;
  }

  async transferir(solicitud: SolicitudTransferencia): Promise<ResultadoPasarela> {
    this.llamadas.push(solicitud);
    const r = this.respuestas.length > 1 ? this.respuestas.shift()! : this.respuestas[0]!;
    if (r instanceof Error) throw r;
    return r;
  }
}

/** A clock that moves `pasoMs` forward each time it is read. */
export class RelojFalso implements Reloj {
  constructor(
    private actual = new Date('2026-01-01T00:00:00.000Z'),
    private readonly pasoMs = 10,
  ) {}
  ahora(): Date {
    const t = this.actual;
    this.actual = new Date(t.getTime() + this.pasoMs);
    return t;
  }
}

export class IdsSecuenciales implements GeneradorIds {
  private n = 0;
  nuevo(): string {
    return `liq-${++this.n}`;
  }
}

/** Everything a use case needs, wired with fakes. */
export function entornoDePrueba() {
  const almacen = new AlmacenEnMemoria();
  const repositorioLiquidaciones = new RepositorioEnMemoria();
  return {
    almacen,
    /** The operations without a transaction, for deps.sinTransaccion (as the service is wired). */
    sinTransaccion: almacen.sinTransaccionDe(repositorioLiquidaciones),
    deps: {
      repositorioLiquidaciones,
      inbox: new InboxEnMemoria(),
      unidadDeTrabajo: almacen,
      pasarelaPagos: new PasarelaFalsa(),
      reloj: new RelojFalso(),
      generadorIds: new IdsSecuenciales(),
      logger: loggerNulo,
    },
  };
}

/** Madre de objetos: a valid PagoSolicitado delivery (proto3 JSON data) with overrides. */
export function unPagoSolicitado(
  datos: Record<string, unknown> = {},
  evento: Partial<EventoRecibido> = {},
): EventoRecibido {
  const d = {
    idPago: 'pago-1',
    idInfluencer: 'inf-1',
    idPrograma: 'prog-1',
    referencia: 'ref-1',
    monto: { moneda: 'COP', unidadesMenores: '150000' },
    idCorrelacion: 'corr-1',
    intento: 1,
    solicitadoEn: '2026-01-01T00:00:00.000Z',
    ...datos,
  };
  return {
    id: 'evento-1',
    tipo: 'alpespartners.eventos.v1.PagoSolicitado',
    topico: 'pagos-solicitados',
    datos: d,
    datosCrudos: Buffer.from(JSON.stringify(d)),
    ...evento,
  };
}
