// The PSP stand-in's behaviour, without HTTP: idempotent transfers, injected faults and the ledger.
// State lives in memory on purpose: it is a test double, and a restart is a clean PSP.
import { randomUUID } from 'node:crypto';
import { setTimeout as esperarMs } from 'node:timers/promises';
import { FALLAS_NINGUNA, type Fallas, type SolicitudTransferencia } from './validacion';

export interface Respuesta {
  estado: number;
  cuerpo: Record<string, unknown>;
  /** True when the answer is the stored result of an earlier call with the same key. */
  repetida?: boolean;
}

/** One payout made: the ledger drills read to prove that no pago was paid twice. */
export interface Transferencia {
  id: string;
  id_pago: string;
  id_influencer: string;
  monto: { moneda: string; unidades_menores: string };
  clave_idempotencia: string;
  creada_en: string;
}

export type Resultado = 'pagada' | 'rechazada' | 'no_disponible' | 'repetida' | 'conflicto' | 'invalida';

export interface OpcionesPasarela {
  /** Source of the tasa_error draws; injectable so tests are deterministic. */
  aleatorio?: () => number;
  esperar?: (ms: number) => Promise<void>;
  ahora?: () => Date;
}

interface Registro {
  huella: string;
  respuesta: Respuesta;
}

const NO_DISPONIBLE: Respuesta = { estado: 503, cuerpo: { error: 'pasarela no disponible, reintente' } };

function huellaDe(s: SolicitudTransferencia): string {
  return JSON.stringify([s.id_pago, s.id_influencer, s.monto.moneda, s.monto.unidades_menores]);
}

export class Pasarela {
  private bloqueada = false;
  private fallas: Fallas = FALLAS_NINGUNA;
  private libro: Transferencia[] = [];
  /** Final results (201, 422) by Idempotency-Key: replayed to every later call with that key. */
  private finales = new Map<string, Registro>();
  /** Calls still being processed, by key: identical concurrent calls wait for the first one. */
  private enCurso = new Map<string, { huella: string; promesa: Promise<Respuesta> }>();
  /** Bumped by reiniciar so calls in flight at the reset leave no trace in the new state. */
  private generacion = 0;
  private contadores = new Map<Resultado, number>();
  private readonly aleatorio: () => number;
  private readonly esperar: (ms: number) => Promise<void>;
  private readonly ahora: () => Date;

  constructor(opciones: OpcionesPasarela = {}) {
    this.aleatorio = opciones.aleatorio ?? Math.random;
    this.esperar = opciones.esperar ?? ((ms) => esperarMs(ms));
    this.ahora = opciones.ahora ?? (() => new Date());
  }

  async transferir(clave: string, solicitud: SolicitudTransferencia): Promise<Respuesta> {
    const huella = huellaDe(solicitud);
    if (this.finales.has(clave) || this.bloqueada) {
      // Known keys and outages answer after the same added latency as any other call.
      await this.demorar();
      if (this.bloqueada) return this.responder(NO_DISPONIBLE);
    }
    const final = this.finales.get(clave);
    if (final) return this.responder(this.repetir(final, huella));
    const previa = this.enCurso.get(clave);
    if (previa) {
      if (previa.huella !== huella) return this.responder(this.conflicto());
      const respuesta = await previa.promesa;
      return this.responder(respuesta.estado === 503 ? respuesta : { ...respuesta, repetida: true });
    }
    const promesa = this.procesar(clave, solicitud, huella);
    this.enCurso.set(clave, { huella, promesa });
    try {
      return this.responder(await promesa);
    } finally {
      if (this.enCurso.get(clave)?.promesa === promesa) this.enCurso.delete(clave);
    }
  }

  private async procesar(
    clave: string,
    solicitud: SolicitudTransferencia,
    huella: string,
  ): Promise<Respuesta> {
    const generacion = this.generacion;
    await this.demorar();
    // Faults are read after the latency: an outage declared meanwhile catches this call too.
    if (this.bloqueada || generacion !== this.generacion) return NO_DISPONIBLE;
    if (this.fallas.tasa_error > 0 && this.aleatorio() < this.fallas.tasa_error) return NO_DISPONIBLE;
    let respuesta: Respuesta;
    if (this.fallas.rechazar_influencers.includes(solicitud.id_influencer)) {
      respuesta = {
        estado: 422,
        cuerpo: { error: `cuenta del influencer ${solicitud.id_influencer} rechazada` },
      };
    } else {
      const transferencia: Transferencia = {
        id: `tr_${randomUUID()}`,
        id_pago: solicitud.id_pago,
        id_influencer: solicitud.id_influencer,
        monto: { ...solicitud.monto },
        clave_idempotencia: clave,
        creada_en: this.ahora().toISOString(),
      };
      this.libro.push(transferencia);
      respuesta = { estado: 201, cuerpo: { id: transferencia.id, estado: 'PAGADA' } };
    }
    this.finales.set(clave, { huella, respuesta });
    if (respuesta.estado === 201 && this.fallas.latencia_respuesta_ms > 0) {
      await this.esperar(this.fallas.latencia_respuesta_ms); // paid; the answer is late (or lost)
    }
    return respuesta;
  }

  private repetir(final: Registro, huella: string): Respuesta {
    return final.huella === huella ? { ...final.respuesta, repetida: true } : this.conflicto();
  }

  private conflicto(): Respuesta {
    return {
      estado: 409,
      cuerpo: { error: 'Idempotency-Key ya usada con otro cuerpo', campo: 'Idempotency-Key' },
    };
  }

  private responder(respuesta: Respuesta): Respuesta {
    const resultado: Resultado =
      respuesta.estado === 409
        ? 'conflicto'
        : respuesta.repetida
          ? 'repetida'
          : respuesta.estado === 201
            ? 'pagada'
            : respuesta.estado === 422
              ? 'rechazada'
              : 'no_disponible';
    this.contar(resultado);
    return respuesta;
  }

  private async demorar(): Promise<void> {
    if (this.fallas.latencia_ms > 0) await this.esperar(this.fallas.latencia_ms);
  }

  contar(resultado: Resultado): void {
    this.contadores.set(resultado, (this.contadores.get(resultado) ?? 0) + 1);
  }

  bloquear(): void {
    this.bloqueada = true;
  }

  permitir(): void {
    this.bloqueada = false;
  }

  configurarFallas(fallas: Fallas): void {
    this.fallas = { ...fallas, rechazar_influencers: [...fallas.rechazar_influencers] };
  }

  transferencias(filtro: { id_pago?: string } = {}): Transferencia[] {
    return this.libro.filter((t) => filtro.id_pago === undefined || t.id_pago === filtro.id_pago);
  }

  estado() {
    return {
      bloqueada: this.bloqueada,
      fallas: this.fallas,
      transferencias: this.libro.length,
      en_curso: this.enCurso.size,
      solicitudes: Object.fromEntries(this.contadores),
    };
  }

  /** Back to a clean PSP: no ledger, no stored keys, no faults, counters at zero. */
  reiniciar(): void {
    this.generacion++;
    this.bloqueada = false;
    this.fallas = FALLAS_NINGUNA;
    this.libro = [];
    this.finales.clear();
    this.enCurso.clear();
    this.contadores.clear();
  }

  /** Prometheus text exposition of the counters. */
  metricas(): string {
    const lineas = [
      '# HELP pasarela_solicitudes_total Transfer calls answered, by result.',
      '# TYPE pasarela_solicitudes_total counter',
    ];
    for (const [resultado, n] of this.contadores) {
      lineas.push(`pasarela_solicitudes_total{resultado="${resultado}"} ${n}`);
    }
    lineas.push(
      '# HELP pasarela_transferencias Transfers in the ledger.',
      '# TYPE pasarela_transferencias gauge',
      `pasarela_transferencias ${this.libro.length}`,
      '# HELP pasarela_bloqueada 1 while the pasarela simulates an outage.',
      '# TYPE pasarela_bloqueada gauge',
      `pasarela_bloqueada ${this.bloqueada ? 1 : 0}`,
    );
    return lineas.join('\n') + '\n';
  }
}
