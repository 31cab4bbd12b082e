// What the admin API answers. The server declares the same shapes in services/pasarela-simulada.

/** One payout in the PSP ledger. */
export interface Transferencia {
  id: string;
  id_pago: string;
  id_influencer: string;
  monto: { moneda: string; unidades_menores: string };
  clave_idempotencia: string;
  creada_en: string;
}

/** Injected faults; PUT replaces all of them (an omitted field means no fault). */
export interface Fallas {
  tasa_error: number;
  latencia_ms: number;
  /** Delay of the answer after a transfer is made: the PSP paid, the caller does not know yet. */
  latencia_respuesta_ms: number;
  rechazar_influencers: string[];
}

export interface EstadoPasarela {
  bloqueada: boolean;
  fallas: Fallas;
  transferencias: number;
  /** Transfer requests so far, by outcome (pagada, rechazada, no_disponible, ...). */
  solicitudes: Record<string, number>;
  [campo: string]: unknown;
}
