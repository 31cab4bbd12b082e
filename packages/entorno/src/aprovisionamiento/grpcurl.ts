import * as fs from 'node:fs';
import * as path from 'node:path';
import { conProgreso } from '../progreso';
import { asegurarDir, rutas } from '../rutas';
import { VERSIONES } from '../versiones';
import { ejecutarConRegistro, exigirGo } from './comandos';

// grpcurl, built from the Go module proxy: the README's examples use it, and a test runs them.
export function rutaGrpcurl(): string {
  return path.join(rutas.herramientas, `grpcurl-${VERSIONES.grpcurl}`, 'grpcurl');
}

export async function aprovisionarGrpcurl(): Promise<string> {
  const binario = rutaGrpcurl();
  if (fs.existsSync(binario)) return binario;
  exigirGo('to build grpcurl from the Go module proxy');
  const dir = asegurarDir(path.dirname(binario));
  const registro = path.join(dir, 'build.log');
  await conProgreso(`building grpcurl ${VERSIONES.grpcurl} (first run only; log: ${registro})`, () =>
    ejecutarConRegistro(
      'go',
      ['install', `github.com/fullstorydev/grpcurl/cmd/grpcurl@${VERSIONES.grpcurl}`],
      {
        cwd: dir,
        registro,
        env: { GOBIN: dir, CGO_ENABLED: '0' },
      },
    ),
  );
  return binario;
}
