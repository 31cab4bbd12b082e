// In-memory adapters for unit tests of the application layer. Writes are staged per transaction and only
// become visible when the work succeeds, like a real transaction.
import { ErrorConcurrencia, type Transaccion, type UnidadDeTrabajo } from '@alpes/seedwork';
import { Pago, type EventoPago, type DatosPago } from '../../src/dominio';
import type {
  ConsultasPagos,
  FiltroPagos,
  Inbox,
  PaginaPagos,
  RepositorioPagos,
  ResultadoAgregar,
  VistaPago,
} from '../../src/aplicacion/puertos';

interface TxMemoria {
  pagos: Map<string, DatosPago>;
  eventos: EventoPago[];
  inbox: Set<string>;
}

export class AlmacenMemoria {
  pagos = new Map<string, DatosPago>();
  /** Events "written to the outbox" by committed transactions. */
  eventos: EventoPago[] = [];
  inbox = new Set<string>();
  transacciones = 0;
}

export class UnidadDeTrabajoMemoria implements UnidadDeTrabajo {
  constructor(private readonly almacen: AlmacenMemoria) {}
  async ejecutar<T>(trabajo: (tx: Transaccion) => Promise<T>): Promise<T> {
    this.almacen.transacciones++;
    const tx: TxMemoria = { pagos: new Map(), eventos: [], inbox: new Set() };
    const resultado = await trabajo(tx as unknown as Transaccion);
    for (const [id, e] of tx.pagos) this.almacen.pagos.set(id, e);
    this.almacen.eventos.push(...tx.eventos);
    for (const i of tx.inbox) this.almacen.inbox.add(i);
    return resultado;
  }
}

export class RepositorioMemoria implements RepositorioPagos {
  /** Runs once before the next insert: lets a test make another writer win the race. */
  antesDeInsertar?: () => void;
  /** The ids of each guardarVarios call, in order. */
  lotesGuardados: string[][] = [];

  constructor(private readonly almacen: AlmacenMemoria) {}

  async porId(tx: Transaccion, id: string): Promise<Pago | undefined> {
    const e = (tx as unknown as TxMemoria).pagos.get(id) ?? this.almacen.pagos.get(id);
    return e && Pago.reconstituir(copia(e));
  }

  async porIds(tx: Transaccion, ids: readonly string[]): Promise<Map<string, Pago>> {
    const pagos = new Map<string, Pago>();
    for (const id of ids) {
      const pago = await this.porId(tx, id);
      if (pago) pagos.set(id, pago);
    }
    return pagos;
  }

  async guardarVarios(tx: Transaccion, pagos: readonly Pago[]): Promise<void> {
    this.lotesGuardados.push(pagos.map((p) => p.id));
    for (const pago of pagos) {
      if (pago.version === 0) throw new Error('solo se actualizan pagos ya guardados');
      await this.guardar(tx, pago);
    }
  }

  async porClaveIdempotencia(_tx: Transaccion, clave: string): Promise<Pago | undefined> {
    const e = [...this.almacen.pagos.values()].find((p) => p.claveIdempotencia === clave);
    return e && Pago.reconstituir(copia(e));
  }

  async agregarSiClaveLibre(pago: Pago): Promise<ResultadoAgregar> {
    const carrera = this.antesDeInsertar;
    this.antesDeInsertar = undefined;
    carrera?.();
    const e = pago.instantanea();
    const existente = [...this.almacen.pagos.values()].find(
      (p) => p.claveIdempotencia === e.claveIdempotencia,
    );
    if (existente) return { agregado: false, existente: Pago.reconstituir(copia(existente)) };
    this.almacen.pagos.set(e.id, { ...copia(e), version: 1 });
    this.almacen.eventos.push(...pago.extraerEventos());
    pago.confirmarVersion(1);
    return { agregado: true };
  }

  async guardar(tx: Transaccion, pago: Pago): Promise<void> {
    const t = tx as unknown as TxMemoria;
    const e = pago.instantanea();
    if (e.version === 0) {
      if ([...this.almacen.pagos.values()].some((p) => p.claveIdempotencia === e.claveIdempotencia)) {
        throw new ErrorConcurrencia('clave tomada', 'clave_idempotencia');
      }
    } else if (this.almacen.pagos.get(e.id)?.version !== e.version) {
      throw new ErrorConcurrencia('versión cambiada');
    }
    t.pagos.set(e.id, { ...copia(e), version: e.version + 1 });
    t.eventos.push(...pago.extraerEventos());
    pago.confirmarVersion(e.version + 1);
  }
}

export class InboxMemoria implements Inbox {
  constructor(private readonly almacen: AlmacenMemoria) {}
  async registrarSiNuevo(tx: Transaccion, idEvento: string, consumidor: string): Promise<boolean> {
    const clave = `${consumidor}/${idEvento}`;
    const t = tx as unknown as TxMemoria;
    if (this.almacen.inbox.has(clave) || t.inbox.has(clave)) return false;
    t.inbox.add(clave);
    return true;
  }

  async registrarNuevos(tx: Transaccion, ids: readonly string[], consumidor: string): Promise<Set<string>> {
    const nuevos = new Set<string>();
    for (const id of ids) if (await this.registrarSiNuevo(tx, id, consumidor)) nuevos.add(id);
    return nuevos;
  }
}

export class ConsultasMemoria implements ConsultasPagos {
  constructor(private readonly almacen: AlmacenMemoria) {}
  async obtener(id: string): Promise<VistaPago | undefined> {
    return this.almacen.pagos.get(id);
  }
  async listar(filtro: FiltroPagos, limite: number, cursor?: string): Promise<PaginaPagos> {
    const todos = [...this.almacen.pagos.values()]
      .map((p, i) => ({ p, pos: i }))
      .reverse()
      .filter(
        ({ p }) =>
          (!filtro.estado || p.estado === filtro.estado) &&
          (!filtro.idInfluencer || p.idInfluencer === filtro.idInfluencer),
      )
      .filter(({ pos }) => cursor === undefined || pos < Number(cursor));
    const pagina = todos.slice(0, limite);
    return {
      pagos: pagina.map(({ p }) => p),
      cursorSiguiente: todos.length > limite ? String(pagina[pagina.length - 1]!.pos) : undefined,
    };
  }
}

export class RelojFijo {
  constructor(public momento = new Date('2025-01-15T10:00:00.000Z')) {}
  ahora(): Date {
    return this.momento;
  }
}

export class IdsSecuenciales {
  private n = 0;
  nuevo(): string {
    return `00000000-0000-4000-8000-${String(++this.n).padStart(12, '0')}`;
  }
}

function copia(e: DatosPago): DatosPago {
  return { ...e, historial: [...e.historial] };
}

/** Everything a handler may need, wired on one in-memory store. */
export function dependenciasMemoria() {
  const almacen = new AlmacenMemoria();
  return {
    almacen,
    repositorio: new RepositorioMemoria(almacen),
    unidadDeTrabajo: new UnidadDeTrabajoMemoria(almacen),
    inbox: new InboxMemoria(almacen),
    consultas: new ConsultasMemoria(almacen),
    reloj: new RelojFijo(),
    generadorIds: new IdsSecuenciales(),
  };
}
