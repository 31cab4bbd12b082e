// Loopback ports for tests and the local runtime's supervisor: one free port to hand a server, and
// whether something already listens on one.
import * as net from 'node:net';

/** A TCP port free on 127.0.0.1 now (bound to port 0, then released). */
export function puertoLibre(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/**
 * Whether something accepts TCP connections on 127.0.0.1:`puerto`. The probe closes normally: a reset
 * would spare its TIME_WAIT but surfaces as ECONNRESET in the server probed (seen: an uncaught error
 * in the service skeleton's test), which is why the test ports stay outside the ephemeral range.
 */
export function puertoAbierto(puerto: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(puerto, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}
