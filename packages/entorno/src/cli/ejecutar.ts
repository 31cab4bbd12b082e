import { ErrorEntorno } from '../errores';

/** Runs a CLI's main: ErrorEntorno is printed as a plain, actionable message (no stack), exit 1. */
export function ejecutarCli(principal: () => Promise<void>): void {
  principal().catch((e: unknown) => {
    if (e instanceof ErrorEntorno) {
      process.stderr.write(`\n✗ ${e.message}\n`);
    } else {
      process.stderr.write(`\n✗ ${(e as Error).stack ?? String(e)}\n`);
    }
    process.exit(1);
  });
}

/** Resolves on the first Ctrl-C / SIGTERM. */
export function esperarSenal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
}
