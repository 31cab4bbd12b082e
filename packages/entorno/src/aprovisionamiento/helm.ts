// helm, built from the Go module proxy into the tools cache and reused when already there.
// `go install` would work too, but building inside the downloaded module is what helm's Makefile
// does, and lets us stamp the version and the Kubernetes version helm assumes for `helm template`.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { ErrorEntorno } from '../errores';
import { conProgreso } from '../progreso';
import { asegurarDir, rutas } from '../rutas';
import { VERSIONES } from '../versiones';
import { ejecutarConRegistro, exigirGo } from './comandos';

const MODULO_HELM = 'helm.sh/helm/v3';

export function rutaHelm(
  version: string = VERSIONES.helm,
  herramientas: string = rutas.herramientas,
): string {
  return path.join(herramientas, `helm-${version}`, 'helm');
}

/** The helm binary to use: ALPES_HELM if set, else the cached build, built now if missing. */
export async function aprovisionarHelm(
  opciones: { version?: string; herramientas?: string } = {},
): Promise<string> {
  const externo = process.env.ALPES_HELM;
  if (externo) {
    if (!fs.existsSync(externo))
      throw new ErrorEntorno(`ALPES_HELM points to ${externo}, which does not exist`);
    return externo;
  }
  const version = opciones.version ?? VERSIONES.helm;
  const binario = rutaHelm(version, opciones.herramientas);
  if (esEjecutable(binario)) return binario;
  exigirGo('to build helm from the Go module proxy', '; or set ALPES_HELM to a helm v3 binary');
  const registro = path.join(asegurarDir(path.dirname(binario)), 'build.log');
  await conProgreso(
    `building helm ${version} (first run only, several minutes; log: ${registro})`,
    async (fase) => {
      fase('downloading the module');
      const { stdout } = await promisify(execFile)('go', [
        'mod',
        'download',
        '-json',
        `${MODULO_HELM}@${version}`,
      ]);
      const dirModulo = (JSON.parse(stdout) as { Dir?: string }).Dir;
      if (!dirModulo) throw new ErrorEntorno(`go mod download did not name the module folder: ${stdout}`);
      fase('compiling');
      // several processes may build at once (chart tests, cluster): each renames its own file
      const temporal = `${binario}.${process.pid}.tmp`;
      await ejecutarConRegistro(
        'go',
        ['build', '-trimpath', '-ldflags', ldflagsDe(version, dirModulo), '-o', temporal, './cmd/helm'],
        { cwd: dirModulo, registro, env: { CGO_ENABLED: '0', GOFLAGS: '-buildvcs=false' } },
      );
      fs.renameSync(temporal, binario); // atomic: an interrupted build never leaves a half binary
    },
  );
  return binario;
}

/** Same stamps as helm's Makefile: its version, and the Kubernetes version derived from client-go
 * (what `helm template` reports as .Capabilities.KubeVersion). */
function ldflagsDe(version: string, dirModulo: string): string {
  const clienteGo = /k8s\.io\/client-go v0\.(\d+)\./.exec(
    fs.readFileSync(path.join(dirModulo, 'go.mod'), 'utf8'),
  );
  const k8sMenor = clienteGo?.[1] ?? '20';
  return [
    '-s -w',
    `-X helm.sh/helm/v3/internal/version.version=${version}`,
    '-X helm.sh/helm/v3/internal/version.metadata=',
    `-X helm.sh/helm/v3/pkg/lint/rules.k8sVersionMajor=1 -X helm.sh/helm/v3/pkg/lint/rules.k8sVersionMinor=${k8sMenor}`,
    `-X helm.sh/helm/v3/pkg/chartutil.k8sVersionMajor=1 -X helm.sh/helm/v3/pkg/chartutil.k8sVersionMinor=${k8sMenor}`,
  ].join(' ');
}

function esEjecutable(ruta: string): boolean {
  try {
    fs.accessSync(ruta, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
