import type * as grpc from '@grpc/grpc-js';

/**
 * Stops taking calls and lets in-flight ones finish for up to `plazoMs`, then forces the close;
 * `alForzar` runs just before forcing (e.g. to log that calls were cut).
 */
export function apagarConPlazo(servidor: grpc.Server, plazoMs: number, alForzar?: () => void): Promise<void> {
  return new Promise<void>((resolve) => {
    const forzar = setTimeout(() => {
      alForzar?.();
      servidor.forceShutdown();
      resolve();
    }, plazoMs);
    servidor.tryShutdown(() => {
      clearTimeout(forzar);
      resolve();
    });
  });
}
