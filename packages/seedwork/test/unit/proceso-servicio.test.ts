import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { expect } from 'chai';
import { MARGEN_DETENCION_MS } from '../../src/servicio';
import { esperarHasta } from '../apoyo/esperar';

// ejecutarServicio as a real process (test/apoyo/proceso-de-prueba.ts): its exit codes and messages on a
// configuration error, a failed start, a clean stop, a failed stop and a stop that overruns its deadline.

const PROCESO = path.resolve(__dirname, '../apoyo/proceso-de-prueba.js');

interface Ejecucion {
  codigo: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the process for `caso`; with `senal`, sends it once the process says it is ready. */
async function ejecutar(caso: string, senal?: NodeJS.Signals): Promise<Ejecucion> {
  const hijo = spawn(process.execPath, [PROCESO], { env: { PATH: process.env.PATH, PRUEBA_CASO: caso } });
  const r = { stdout: '', stderr: '' };
  hijo.stdout.on('data', (d: Buffer) => (r.stdout += d.toString()));
  hijo.stderr.on('data', (d: Buffer) => (r.stderr += d.toString()));
  const salida = new Promise<number | null>((resolve) => hijo.once('exit', (codigo) => resolve(codigo)));
  if (senal) {
    await esperarHasta(() => r.stdout.includes('listo\n') || hijo.exitCode !== null, 15_000, 'listo');
    hijo.kill(senal);
  }
  const codigo = await salida;
  return { codigo, ...r };
}

/** The JSON log lines with this message. */
function lineas(stdout: string, msg: string): Array<Record<string, unknown>> {
  return stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .filter((l) => l.msg === msg);
}

describe('proceso de un servicio (ejecutarServicio)', function () {
  this.timeout(30_000);

  it('con la configuración inválida sale con código 2 y nombra cada problema en stderr', async () => {
    const r = await ejecutar('configuracion');
    expect(r.codigo, r.stderr).to.equal(2);
    expect(r.stderr).to.equal(
      'prueba no puede iniciar.\nConfiguración inválida:\n  - URL_PRUEBA no está definida\n',
    );
  });

  it('si falla el arranque sale con código 1 y lo registra con su causa', async () => {
    const r = await ejecutar('arranque');
    expect(r.codigo, r.stdout + r.stderr).to.equal(1);
    const [linea] = lineas(r.stdout, 'prueba no pudo iniciar');
    expect(linea, r.stdout).to.include({ nivel: 'error', servicio: 'prueba' });
    expect((linea!.error as { mensaje: string }).mensaje).to.equal('puerto ocupado');
  });

  for (const senal of ['SIGTERM', 'SIGINT'] as const) {
    it(`con ${senal} se detiene y sale con código 0`, async () => {
      const r = await ejecutar('', senal);
      expect(r.codigo, r.stdout + r.stderr).to.equal(0);
      expect(lineas(r.stdout, 'deteniendo')[0]).to.include({ senal });
    });
  }

  it('si detener falla sale con código 1 y registra el fallo', async () => {
    const r = await ejecutar('fallo-al-detener', 'SIGTERM');
    expect(r.codigo, r.stdout + r.stderr).to.equal(1);
    expect(lineas(r.stdout, 'fallo al detener')).to.have.length(1);
  });

  it('si detener excede su plazo más el margen, el proceso termina con código 1', async () => {
    const inicio = Date.now();
    const r = await ejecutar('lenta', 'SIGTERM');
    expect(r.codigo, r.stdout + r.stderr).to.equal(1);
    const [linea] = lineas(r.stdout, 'la detención excedió su plazo; se termina el proceso');
    expect(linea, r.stdout).to.include({ plazo_ms: 100 + MARGEN_DETENCION_MS });
    expect(Date.now() - inicio).to.be.at.least(100 + MARGEN_DETENCION_MS);
  });
});
