import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { conProgreso } from '../progreso';
import { asegurarDir, rutas } from '../rutas';
import { VERSIONES } from '../versiones';
import { ejecutarConRegistro, exigirGo } from './comandos';

// `go install github.com/dapr/dapr/cmd/daprd@…` fails on dapr's replace directives, so the module
// is downloaded from the Go module proxy and built as the main module. Only the components we use
// are compiled in: a full stablecomponents build downloads ~1 GB more and takes far longer.
const COMPONENTES_INCLUIDOS = [
  'pubsub_pulsar.go',
  'pubsub_in_memory.go',
  'state_in_memory.go',
  'zz_notag.go',
];

export function rutaDaprd(): string {
  return path.join(rutas.herramientas, `daprd-${VERSIONES.dapr}`, 'daprd');
}

/** Builds daprd once and caches it; later calls return at once. */
export async function aprovisionarDaprd(): Promise<string> {
  const binario = rutaDaprd();
  if (fs.existsSync(binario)) return binario;
  exigirGo('to build daprd from the Go module proxy');
  const dir = asegurarDir(path.dirname(binario));
  const registro = path.join(dir, 'build.log');
  await conProgreso(
    `building daprd ${VERSIONES.dapr} (first run only, several minutes; log: ${registro})`,
    async () => {
      const modulo = JSON.parse(
        execFileSync('go', ['mod', 'download', '-json', `github.com/dapr/dapr@${VERSIONES.dapr}`], {
          encoding: 'utf8',
        }),
      ) as { Dir: string };
      const fuente = path.join(dir, 'src');
      fs.rmSync(fuente, { recursive: true, force: true });
      fs.cpSync(modulo.Dir, fuente, { recursive: true });
      execFileSync('chmod', ['-R', 'u+w', fuente]);
      const dirComponentes = path.join(fuente, 'cmd/daprd/components');
      for (const archivo of fs.readdirSync(dirComponentes)) {
        if (!COMPONENTES_INCLUIDOS.includes(archivo)) fs.rmSync(path.join(dirComponentes, archivo));
      }
      const temporal = `${binario}.tmp`;
      await ejecutarConRegistro(
        'go',
        [
          'build',
          '-tags',
          'stablecomponents',
          '-trimpath',
          '-ldflags',
          '-s -w',
          '-o',
          temporal,
          './cmd/daprd',
        ],
        { cwd: fuente, registro, env: { CGO_ENABLED: '0' } },
      );
      fs.renameSync(temporal, binario); // atomic: an interrupted build never leaves a half binary
      fs.rmSync(fuente, { recursive: true, force: true });
    },
  );
  return binario;
}
