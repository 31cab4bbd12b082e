import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

// `npm run breaking` must catch what it guards against: run its script on a copy of proto/ with
// one planted wire break each, and on the unchanged copy.

const RAIZ = path.resolve(__dirname, '../../../../..'); // from packages/contratos/dist/test/unit
const GUION = path.join(RAIZ, 'packages/contratos/scripts/compatibilidad.js');

/** A copy of proto/ with `cambiar` applied to the text of `archivo` (relative to proto/). */
function copiaDeProto(archivo?: string, cambiar?: (texto: string) => string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'contratos-'));
  fs.cpSync(path.join(RAIZ, 'proto'), dir, { recursive: true });
  if (archivo && cambiar) {
    const ruta = path.join(dir, archivo);
    const antes = fs.readFileSync(ruta, 'utf8');
    const despues = cambiar(antes);
    expect(despues, 'the planted change must apply').to.not.equal(antes);
    fs.writeFileSync(ruta, despues);
  }
  return dir;
}

function comprobar(dir: string): { codigo: number; salida: string } {
  const r = spawnSync(process.execPath, [GUION, dir], { encoding: 'utf8' });
  fs.rmSync(dir, { recursive: true, force: true });
  return { codigo: r.status ?? 1, salida: `${r.stdout}${r.stderr}` };
}

describe('compatibilidad de contratos (buf breaking contra el contrato publicado)', function () {
  this.timeout(60_000);

  it('acepta proto/ tal como está', () => {
    const { codigo, salida } = comprobar(copiaDeProto());
    expect(codigo, salida).to.equal(0);
    expect(salida).to.include('contratos-v1.binpb');
  });

  it('rechaza un campo de evento con otro número', () => {
    const dir = copiaDeProto('alpespartners/eventos/v1/eventos.proto', (t) =>
      t.replace('int32 intento = 7;', 'int32 intento = 9;'),
    );
    const { codigo, salida } = comprobar(dir);
    expect(codigo, salida).to.equal(1);
    expect(salida).to.match(/field "7" with name "intento" on message "PagoSolicitado"/);
  });

  it('rechaza un campo quitado de una petición de la API', () => {
    const dir = copiaDeProto('alpespartners/pagos/v1/pagos.proto', (t) =>
      t.replace('  string page_token = 4;\n', ''),
    );
    const { codigo, salida } = comprobar(dir);
    expect(codigo, salida).to.equal(1);
    expect(salida).to.match(/"page_token" on message "ListarPagosRequest" was deleted/);
  });
});
