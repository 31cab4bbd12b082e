import { expect } from 'chai';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ClientePasarela } from '../../src/cliente';
import { ErrorConexion } from '../../src/errores';

/** A pasarela admin stand-in that drops the first `cortes` connections, as a broken port-forward does. */
async function pasarelaQueCorta(cortes: number) {
  const vistas: string[] = [];
  const servidor = http.createServer((req, res) => {
    vistas.push(`${req.method} ${req.url}`);
    if (vistas.length <= cortes) return req.socket.destroy();
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ transferencias: [], bloqueada: false }));
  });
  await new Promise<void>((r) => servidor.listen(0, '127.0.0.1', r));
  const { port } = servidor.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, vistas, cerrar: () => servidor.close() };
}

describe('ClientePasarela ante conexiones cortadas', () => {
  it('sin ventana de reintento, una lectura cortada falla en seguida con ErrorConexion', async () => {
    const p = await pasarelaQueCorta(1);
    try {
      const error = await new ClientePasarela(p.url, 5000).transferencias().catch((e: unknown) => e);
      expect(error).to.be.instanceOf(ErrorConexion);
      expect(p.vistas).to.have.length(1);
    } finally {
      p.cerrar();
    }
  });

  it('con ventana de reintento, una lectura cortada se repite hasta que la dirección responde', async function () {
    this.timeout(15_000); // two pauses of a second between tries
    const p = await pasarelaQueCorta(2);
    try {
      const libro = await new ClientePasarela(p.url, 5000, 10_000).transferencias();
      expect(libro).to.deep.equal([]);
      expect(p.vistas).to.deep.equal(Array(3).fill('GET /admin/transferencias'));
    } finally {
      p.cerrar();
    }
  });

  it('una escritura (POST) nunca se repite, aun con ventana de reintento', async () => {
    const p = await pasarelaQueCorta(1);
    try {
      const error = await new ClientePasarela(p.url, 5000, 10_000).bloquear().catch((e: unknown) => e);
      expect(error).to.be.instanceOf(ErrorConexion);
      expect(p.vistas).to.deep.equal(['POST /admin/bloquear']);
    } finally {
      p.cerrar();
    }
  });
});
