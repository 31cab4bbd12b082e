// npm run cluster -- up | deploy | down | status
// The user's Kubernetes path, run for real on this machine: an offline kind cluster with Dapr and
// KEDA, and the chart deployed the way `skaffold run -p kind` does.
import { ErrorEntorno } from '@alpes/entorno';
import { ejecutarOrden, USO } from '../orden';

ejecutarOrden(process.argv.slice(2)).then(
  (codigo) => process.exit(codigo),
  (e: unknown) => {
    if (e instanceof ErrorEntorno) process.stderr.write(`✗ ${e.message}\n`);
    else process.stderr.write(`✗ ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    if (e instanceof ErrorEntorno && e.message.startsWith('usage')) process.stderr.write(USO);
    process.exit(1);
  },
);
