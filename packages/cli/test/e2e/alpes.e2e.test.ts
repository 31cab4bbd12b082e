// End-to-end: the real `alpes` binary against the real system. With ALPES_PAGOS,
// ALPES_LIQUIDACION and ALPES_PASARELA set (e.g. a running `npm start`), it drives those; otherwise
// it starts the whole system on the test ports through the shared harness (@alpes/pruebas-sistema),
// as `npm test` does.
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import { sistemaDePrueba } from '@alpes/pruebas-sistema';

const BIN = path.join(__dirname, '..', '..', 'src', 'main.js');
let entorno: NodeJS.ProcessEnv = process.env;

async function direccionesDelSistema(): Promise<NodeJS.ProcessEnv> {
  const { ALPES_PAGOS, ALPES_LIQUIDACION, ALPES_PASARELA } = process.env;
  if (ALPES_PAGOS && ALPES_LIQUIDACION && ALPES_PASARELA) return process.env;
  const p = (await sistemaDePrueba()).entorno.puertos;
  return {
    ...process.env,
    ALPES_PAGOS: `127.0.0.1:${p.pagosGrpc}`,
    ALPES_LIQUIDACION: `127.0.0.1:${p.liquidacionGrpc}`,
    ALPES_PASARELA: `http://127.0.0.1:${p.pasarela}`,
  };
}

interface Ejecucion {
  codigo: number;
  stdout: string;
  stderr: string;
}

function alpes(...args: string[]): Promise<Ejecucion> {
  return new Promise((resolver) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { env: entorno, timeout: 120_000 },
      (error, stdout, stderr) => {
        const codigo = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolver({ codigo, stdout, stderr });
      },
    );
  });
}

async function alpesJson<T>(...args: string[]): Promise<T> {
  const r = await alpes(...args, '--json');
  expect(r.codigo, `alpes ${args.join(' ')}: ${r.stderr}`).to.equal(0);
  return JSON.parse(r.stdout) as T;
}

async function esperarHasta<T>(
  descripcion: string,
  leer: () => Promise<T>,
  listo: (v: T) => boolean,
  plazoMs: number,
) {
  const limite = Date.now() + plazoMs;
  let ultimo: T | undefined;
  while (Date.now() < limite) {
    ultimo = await leer();
    if (listo(ultimo)) return ultimo;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${descripcion}: no ocurrió en ${plazoMs} ms (último: ${JSON.stringify(ultimo)})`);
}

interface PagoJson {
  id: string;
  estado: string;
  intentos?: number;
  monto: { moneda: string; unidadesMenores: string };
}

const estadoDe = (id: string) => alpesJson<PagoJson>('pagos', 'obtener', id);
const transferenciasDe = (id: string) =>
  alpesJson<{ transferencias: unknown[] }>('pasarela', 'transferencias', '--pago', id).then(
    (r) => r.transferencias,
  );

describe('alpes contra el sistema real', function () {
  this.timeout(240_000);
  const influencer = `cli-e2e-${randomUUID().slice(0, 8)}`;

  before(async function () {
    this.timeout(600_000); // a cold harness provisions and starts everything
    entorno = await direccionesDelSistema();
  });

  it('solicitar, obtener y listar un pago que termina PAGADO con una sola transferencia', async () => {
    const pago = await alpesJson<PagoJson>(
      'pagos', 'solicitar', '--influencer', influencer, '--monto', '1500.25', '--moneda', 'COP', '--programa', 'prog-1',
    ); // prettier-ignore
    expect(pago.estado).to.equal('ESTADO_PAGO_SOLICITADO');
    expect(pago.monto).to.deep.equal({ moneda: 'COP', unidadesMenores: '150025' });
    await esperarHasta(
      'PAGADO',
      () => estadoDe(pago.id),
      (p) => p.estado === 'ESTADO_PAGO_PAGADO',
      60_000,
    );
    expect(await transferenciasDe(pago.id)).to.have.length(1);

    const tabla = await alpes('pagos', 'listar', '--influencer', influencer);
    expect(tabla.codigo).to.equal(0);
    expect(tabla.stdout).to.match(new RegExp(`${pago.id}\\s+PAGADO\\s+1500\\.25 COP\\s+${influencer}`));

    const liquidacion = await alpesJson<{ idPago: string; estado: string }>(
      'liquidaciones',
      'obtener',
      pago.id,
    );
    expect(liquidacion).to.include({ idPago: pago.id, estado: 'ESTADO_LIQUIDACION_EXITOSA' });
  });

  it('la misma clave con el mismo pago devuelve el mismo pago; con otro monto sale con 4', async () => {
    const clave = randomUUID();
    const args = ['pagos', 'solicitar', '--influencer', influencer, '--moneda', 'USD', '--clave', clave];
    const primero = await alpesJson<PagoJson>(...args, '--unidades-menores', '700');
    const segundo = await alpesJson<PagoJson>(...args, '--unidades-menores', '700');
    expect(segundo.id).to.equal(primero.id);
    const conflicto = await alpes(...args, '--unidades-menores', '701');
    expect(conflicto.codigo, conflicto.stderr).to.equal(4);
    expect(conflicto.stderr).to.match(/ALREADY_EXISTS/);
  });

  it('un pago inexistente sale con 3 y reintentar un pago no FALLIDO sale con 4', async () => {
    const ausente = await alpes('pagos', 'obtener', randomUUID());
    expect(ausente.codigo, ausente.stderr).to.equal(3);
    const pago = await alpesJson<PagoJson>(
      'pagos', 'solicitar', '--influencer', influencer, '--monto', '1', '--moneda', 'COP',
    ); // prettier-ignore
    await esperarHasta(
      'terminal',
      () => estadoDe(pago.id),
      (p) => p.estado !== 'ESTADO_PAGO_SOLICITADO',
      60_000,
    );
    const reintento = await alpes('pagos', 'reintentar', pago.id);
    expect(reintento.codigo, reintento.stderr).to.equal(4);
    expect(reintento.stderr).to.match(/FAILED_PRECONDITION/);
  });

  it('un monto inválido para el servidor sale con 4 nombrando el campo', async () => {
    const r = await alpes(
      'pagos',
      'solicitar',
      '--influencer',
      influencer,
      '--unidades-menores',
      '0',
      '--moneda',
      'COP',
    );
    expect(r.codigo, r.stderr).to.equal(4);
    expect(r.stderr).to.match(/INVALID_ARGUMENT.*monto/i);
  });

  it('sin servicio sale con 5 y con una opción mala sale con 2', async () => {
    const caido = await alpes('pagos', 'listar', '--pagos', '127.0.0.1:9', '--plazo-ms', '2000');
    expect(caido.codigo, caido.stderr).to.equal(5);
    const uso = await alpes('pagos', 'listar', '--estado', 'perdido');
    expect(uso.codigo).to.equal(2);
    expect(uso.stderr).to.match(/--estado/);
  });

  it('caída de la pasarela: FALLIDO, permitir, reintentar-fallidos y PAGADO con una sola transferencia', async () => {
    const deCaida = `${influencer}-caida`;
    await alpesJson('pasarela', 'bloquear');
    let ids: string[];
    try {
      const pagos = await Promise.all(
        [1, 2, 3].map(() =>
          alpesJson<PagoJson>(
            'pagos',
            'solicitar',
            '--influencer',
            deCaida,
            '--monto',
            '10',
            '--moneda',
            'COP',
          ),
        ),
      );
      ids = pagos.map((p) => p.id);
      for (const id of ids) {
        await esperarHasta(
          `${id} FALLIDO`,
          () => estadoDe(id),
          (p) => p.estado === 'ESTADO_PAGO_FALLIDO',
          180_000,
        );
      }
    } finally {
      await alpesJson('pasarela', 'permitir');
    }
    const resumen = await alpesJson<{ total: number; reintentados: number; errores: unknown[] }>(
      'pagos', 'reintentar-fallidos', '--influencer', deCaida,
    ); // prettier-ignore
    expect(resumen).to.deep.include({ total: 3, reintentados: 3, errores: [] });
    for (const id of ids) {
      const p = await esperarHasta(
        `${id} PAGADO`,
        () => estadoDe(id),
        (x) => x.estado === 'ESTADO_PAGO_PAGADO',
        60_000,
      );
      expect(p.intentos).to.equal(2);
      expect(await transferenciasDe(id)).to.have.length(1);
    }
  });
});
