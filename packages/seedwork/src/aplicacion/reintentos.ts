import { ErrorConcurrencia } from '../dominio/error-dominio';

/**
 * Runs `trabajo` again (a fresh transaction each time) when it lost an optimistic-concurrency race,
 * up to `intentos` times; the last ErrorConcurrencia propagates.
 */
export async function reintentarSiConcurrencia<T>(trabajo: () => Promise<T>, intentos = 5): Promise<T> {
  for (let intento = 1; ; intento++) {
    try {
      return await trabajo();
    } catch (error) {
      if (!(error instanceof ErrorConcurrencia) || intento >= intentos) throw error;
    }
  }
}
