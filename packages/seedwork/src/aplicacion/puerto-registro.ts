// The logging port: what any layer may write to. The JSON-lines adapter on pino is ../registro.ts.

/** Extra fields of a log line (snake_case names); an `error` field is serialised with its message and stack. */
export type CamposLog = Record<string, unknown>;

/** Structured logger; `hijo` returns one that adds fixed fields (e.g. componente) to every line. */
export interface Logger {
  debug(mensaje: string, campos?: CamposLog): void;
  info(mensaje: string, campos?: CamposLog): void;
  warn(mensaje: string, campos?: CamposLog): void;
  error(mensaje: string, campos?: CamposLog): void;
  hijo(campos: CamposLog): Logger;
}
