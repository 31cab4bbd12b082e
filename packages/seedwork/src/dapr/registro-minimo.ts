/** The little the Dapr adapters need from a logger (the seedwork JSON logger satisfies it). */
export interface RegistroMinimo {
  info(mensaje: string, campos?: Record<string, unknown>): void;
  warn(mensaje: string, campos?: Record<string, unknown>): void;
  error(mensaje: string, campos?: Record<string, unknown>): void;
}

export const registroConsola: RegistroMinimo = {
  info: (m, c) => console.log(JSON.stringify({ nivel: 'info', mensaje: m, ...c })),
  warn: (m, c) => console.warn(JSON.stringify({ nivel: 'warn', mensaje: m, ...c })),
  error: (m, c) => console.error(JSON.stringify({ nivel: 'error', mensaje: m, ...c })),
};
