import { expect } from 'chai';
import * as fs from 'node:fs';
import type * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { generarTokenControl, leerTokenControl, servirControl, Supervisor } from '../../src';

// The process-control API kills processes: without this run's token, or from a browser page,
// nothing happens. A real supervisor runs a real process the forged requests try to kill.

describe('API de control de procesos: solo con el token de la ejecución', function () {
  this.timeout(30_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'control-'));
  const supervisor = new Supervisor(dir, 'prueba-control');
  let servidor: http.Server;
  let base: string;
  let token: string;

  before(async () => {
    await supervisor.iniciar({
      nombre: 'victima',
      comando: 'sleep',
      args: ['300'],
      puertos: {},
      listo: async () => true,
      tiempoMaximoArranqueMs: 10_000,
    });
    token = generarTokenControl(dir);
    servidor = await servirControl(supervisor, 0, token);
    base = `http://127.0.0.1:${(servidor.address() as AddressInfo).port}`;
  });

  after(async () => {
    servidor?.close();
    await supervisor.detenerTodo();
  });

  const matar = (cabeceras: Record<string, string>) =>
    fetch(`${base}/procesos/victima/matar`, { method: 'POST', headers: cabeceras });

  it('el token se guarda solo legible por el usuario y se vuelve a leer', () => {
    const modo = fs.statSync(path.join(dir, 'token-control')).mode & 0o777;
    expect(modo.toString(8)).to.equal('600');
    expect(leerTokenControl(dir)).to.equal(token);
    expect(token).to.match(/^[0-9a-f]{64}$/);
  });

  for (const [que, cabeceras, estado] of [
    ['sin token', {}, 401],
    ['con un token equivocado', { authorization: `Bearer ${'0'.repeat(64)}` }, 401],
    ['con el token en otro esquema', { authorization: 'Basic xyz' }, 401],
    ['desde una página (Origin), aun con el token', { origin: 'http://evil.example' }, 403],
  ] as [string, Record<string, string>, number][]) {
    it(`${que}: ${estado} y el proceso sigue vivo`, async () => {
      const extra: Record<string, string> = que.includes('Origin')
        ? { authorization: `Bearer ${token}` }
        : {};
      const r = await matar({ ...cabeceras, ...extra });
      expect(r.status).to.equal(estado);
      expect(supervisor.estado('victima').vivo).to.equal(true);
    });
  }

  it('con el token, la petición se atiende', async () => {
    const r = await fetch(`${base}/procesos/victima/estado`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(r.status).to.equal(200);
    expect(((await r.json()) as { vivo: boolean }).vivo).to.equal(true);
  });
});
