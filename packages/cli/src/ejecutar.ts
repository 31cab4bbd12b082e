// Runs one parsed invocation against the services and prints its result; returns the exit code.
import { status } from '@grpc/grpc-js';
import { pagos } from '@alpes/contratos';
import type { Invocacion } from './argumentos';
import { ClienteLiquidacion, ClientePagos } from './clientes/grpc';
import { ClientePasarela } from '@alpes/cliente-pasarela';
import { SALIDA, codigoSalidaGrpc, type CodigoSalida } from './codigos-salida';
import { ficha } from './tabla';
import {
  fichaLiquidacion,
  fichaPago,
  json,
  tablaLiquidaciones,
  tablaPagos,
  tablaTransferencias,
} from './presentacion';
import { listarIdsPorEstado, reintentarEnLote, type AvanceReintento } from './reintento-masivo';

/** Where output goes: results to stdout, progress and hints to stderr (so `--json | jq` works). */
export interface Salida {
  resultado(texto: string): void;
  /** Written to stderr as is (no newline added). */
  aviso(texto: string): void;
  /** stderr is a terminal: progress may redraw one line in place. */
  interactiva: boolean;
}

export async function ejecutar(inv: Invocacion, salida: Salida): Promise<CodigoSalida> {
  const { global } = inv;
  const emitir = (humano: () => string, maquina: () => unknown) =>
    salida.resultado(global.json ? JSON.stringify(maquina()) : humano());

  switch (inv.comando) {
    case 'pagos solicitar':
    case 'pagos obtener':
    case 'pagos listar':
    case 'pagos reintentar':
    case 'pagos reintentar-fallidos': {
      const cliente = new ClientePagos(global.pagos, { plazoMs: global.plazoMs });
      try {
        return await comandoPagos(inv, cliente, salida, emitir);
      } finally {
        cliente.cerrar();
      }
    }
    case 'liquidaciones obtener':
    case 'liquidaciones listar': {
      const cliente = new ClienteLiquidacion(global.liquidacion, { plazoMs: global.plazoMs });
      try {
        if (inv.comando === 'liquidaciones obtener') {
          const l = await cliente.obtener(inv.idPago);
          emitir(
            () => fichaLiquidacion(l),
            () => json.liquidacion(l),
          );
          return SALIDA.ok;
        }
        const { filas, siguiente } = await paginar(inv.todas, inv.filtro.pageToken, async (pageToken) => {
          const r = await cliente.listar({ ...inv.filtro, pageToken });
          return { filas: r.liquidaciones, siguiente: r.nextPageToken };
        });
        emitir(
          () => (filas.length ? tablaLiquidaciones(filas) : '(ninguna liquidación)'),
          () => ({ liquidaciones: filas.map(json.liquidacion), nextPageToken: siguiente }),
        );
        if (siguiente && !global.json) salida.aviso(`hay más: --pagina ${siguiente}\n`);
        return SALIDA.ok;
      } finally {
        cliente.cerrar();
      }
    }
    default:
      return comandoPasarela(inv, new ClientePasarela(global.pasarela, global.plazoMs), emitir);
  }
}

type Emitir = (humano: () => string, maquina: () => unknown) => void;

async function comandoPagos(
  inv: Invocacion,
  cliente: ClientePagos,
  salida: Salida,
  emitir: Emitir,
): Promise<CodigoSalida> {
  switch (inv.comando) {
    case 'pagos solicitar': {
      const p = await cliente.solicitar(inv.solicitud);
      if (inv.claveGenerada && !inv.global.json) {
        salida.aviso(
          `clave_idempotencia generada: ${inv.solicitud.claveIdempotencia} (repítala con --clave)\n`,
        );
      }
      emitir(
        () => fichaPago(p),
        () => json.pago(p),
      );
      return SALIDA.ok;
    }
    case 'pagos obtener':
    case 'pagos reintentar': {
      const p =
        inv.comando === 'pagos obtener'
          ? await cliente.obtener(inv.idPago)
          : await cliente.reintentar(inv.idPago);
      emitir(
        () => fichaPago(p),
        () => json.pago(p),
      );
      return SALIDA.ok;
    }
    case 'pagos listar': {
      const { filas, siguiente } = await paginar(inv.todas, inv.filtro.pageToken, async (pageToken) => {
        const r = await cliente.listar({ ...inv.filtro, pageToken });
        return { filas: r.pagos, siguiente: r.nextPageToken };
      });
      emitir(
        () => (filas.length ? tablaPagos(filas) : '(ningún pago)'),
        () => ({ pagos: filas.map(json.pago), nextPageToken: siguiente }),
      );
      if (siguiente && !inv.global.json) salida.aviso(`hay más: --pagina ${siguiente}\n`);
      return SALIDA.ok;
    }
    case 'pagos reintentar-fallidos':
      return reintentarFallidos(inv, cliente, salida, emitir);
  }
  return SALIDA.otro;
}

async function reintentarFallidos(
  inv: Extract<Invocacion, { comando: 'pagos reintentar-fallidos' }>,
  cliente: ClientePagos,
  salida: Salida,
  emitir: Emitir,
): Promise<CodigoSalida> {
  const progreso = new LineaDeProgreso(salida);
  const ids = await listarIdsPorEstado(
    cliente,
    {
      estado: pagos.EstadoPago.ESTADO_PAGO_FALLIDO,
      idInfluencer: inv.idInfluencer,
      tamanoPagina: inv.tamanoPagina,
    },
    (n) => progreso.mostrar(`listando FALLIDO: ${n}`),
  );
  progreso.terminar(`FALLIDO encontrados: ${ids.length}`);
  if (inv.simular) {
    emitir(
      () => (ids.length ? ids.join('\n') : '(ningún pago FALLIDO)'),
      () => ({ simulado: true, total: ids.length, ids }),
    );
    return SALIDA.ok;
  }
  const inicio = Date.now();
  const r = await reintentarEnLote(cliente, ids, {
    concurrencia: inv.concurrencia,
    alAvanzar: (a: AvanceReintento) => progreso.mostrar(textoAvance(a, Date.now() - inicio)),
  });
  progreso.terminar(
    textoAvance(
      {
        total: r.total,
        reintentados: r.reintentados.length,
        omitidos: r.omitidos.length,
        errores: r.errores.length,
      },
      Date.now() - inicio,
    ),
  );
  emitir(
    () => {
      const resumen = ficha([
        ['fallidos encontrados', String(r.total)],
        ['reintentados', String(r.reintentados.length)],
        ['omitidos (ya no FALLIDO)', String(r.omitidos.length)],
        ['errores', String(r.errores.length)],
      ]);
      const errores = r.errores.slice(0, 20).map((e) => `  ${e.idPago}: ${e.codigo} ${e.mensaje}`);
      const mas = r.errores.length > 20 ? [`  ... y ${r.errores.length - 20} más (use --json)`] : [];
      return [resumen, ...errores, ...mas].join('\n');
    },
    () => ({
      total: r.total,
      reintentados: r.reintentados.length,
      omitidos: r.omitidos.length,
      errores: r.errores,
    }),
  );
  const primero = r.errores[0];
  if (!primero) return SALIDA.ok;
  const codigo = status[primero.codigo as keyof typeof status];
  return typeof codigo === 'number' ? codigoSalidaGrpc(codigo) : SALIDA.otro;
}

function textoAvance(a: AvanceReintento, ms: number): string {
  const hechos = a.reintentados + a.omitidos + a.errores;
  const tasa = ms > 0 ? Math.round((hechos * 1000) / ms) : 0;
  return `reintentando ${hechos}/${a.total} · ok ${a.reintentados} · omitidos ${a.omitidos} · errores ${a.errores} · ${tasa}/s`;
}

async function comandoPasarela(
  inv: Invocacion,
  pasarela: ClientePasarela,
  emitir: Emitir,
): Promise<CodigoSalida> {
  switch (inv.comando) {
    case 'pasarela bloquear':
    case 'pasarela permitir':
    case 'pasarela estado': {
      const e =
        inv.comando === 'pasarela bloquear'
          ? await pasarela.bloquear()
          : inv.comando === 'pasarela permitir'
            ? await pasarela.permitir()
            : await pasarela.estado();
      emitir(
        () =>
          ficha([
            ['bloqueada', e.bloqueada ? 'sí' : 'no'],
            ['tasa_error', String(e.fallas?.tasa_error ?? 0)],
            ['latencia_ms', String(e.fallas?.latencia_ms ?? 0)],
            ['rechazar_influencers', (e.fallas?.rechazar_influencers ?? []).join(',') || '-'],
            ['transferencias', String(e.transferencias)],
          ]),
        () => e,
      );
      return SALIDA.ok;
    }
    case 'pasarela fallas': {
      const f = inv.nuevas ? await pasarela.configurarFallas(inv.nuevas) : await pasarela.fallas();
      emitir(
        () =>
          ficha([
            ['tasa_error', String(f.tasa_error ?? 0)],
            ['latencia_ms', String(f.latencia_ms ?? 0)],
            ['rechazar_influencers', (f.rechazar_influencers ?? []).join(',') || '-'],
          ]),
        () => f,
      );
      return SALIDA.ok;
    }
    case 'pasarela transferencias': {
      const lista = await pasarela.transferencias(inv.idPago);
      emitir(
        () => (lista.length ? tablaTransferencias(lista) : '(ninguna transferencia)'),
        () => ({ transferencias: lista }),
      );
      return SALIDA.ok;
    }
  }
  return SALIDA.otro;
}

/** One page, or every page from `token` on when `todas`. */
async function paginar<T>(
  todas: boolean,
  token: string,
  pagina: (token: string) => Promise<{ filas: T[]; siguiente: string }>,
): Promise<{ filas: T[]; siguiente: string }> {
  const filas: T[] = [];
  let siguiente = token;
  do {
    const r = await pagina(siguiente);
    filas.push(...r.filas);
    siguiente = r.siguiente;
  } while (todas && siguiente);
  return { filas, siguiente };
}

/** Progress on stderr: redrawn in place on a terminal, at most one line a second in logs. */
class LineaDeProgreso {
  private ultimo = 0;

  constructor(private readonly salida: Salida) {}

  mostrar(texto: string): void {
    const ahora = Date.now();
    if (this.salida.interactiva) {
      if (ahora - this.ultimo < 100) return;
      this.ultimo = ahora;
      this.salida.aviso(`\r\x1b[2K${texto}`);
    } else if (ahora - this.ultimo >= 1000) {
      this.ultimo = ahora;
      this.salida.aviso(`${texto}\n`);
    }
  }

  terminar(texto: string): void {
    this.salida.aviso(this.salida.interactiva ? `\r\x1b[2K${texto}\n` : `${texto}\n`);
    this.ultimo = 0;
  }
}
