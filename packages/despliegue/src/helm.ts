// helm, built from the Go module proxy into a git-ignored cache and reused when already there.
// `go install` would work too, but building inside the downloaded module is what the Makefile does,
// and lets us stamp the version and the Kubernetes version helm assumes for `helm template`.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { raizRepositorio } from './raiz';

export const VERSION_HELM = 'v3.22.0';
const MODULO_HELM = 'helm.sh/helm/v3';

export type Progreso = (mensaje: string) => void;

export function rutaHelm(raiz: string = raizRepositorio(), version: string = VERSION_HELM): string {
  return path.join(raiz, '.entorno', 'herramientas', `helm-${version}`, 'helm');
}

/** The helm binary to use: ALPES_HELM if set, else the cached build, built now if missing. */
export async function asegurarHelm(
  opciones: { raiz?: string; version?: string; progreso?: Progreso } = {},
): Promise<string> {
  const externo = process.env.ALPES_HELM;
  if (externo) {
    if (!fs.existsSync(externo)) throw new Error(`ALPES_HELM apunta a ${externo}, que no existe`);
    return externo;
  }
  const version = opciones.version ?? VERSION_HELM;
  const destino = rutaHelm(opciones.raiz ?? raizRepositorio(), version);
  if (esEjecutable(destino)) return destino;
  await compilarHelm(version, destino, opciones.progreso ?? ((m) => process.stderr.write(`[helm] ${m}\n`)));
  return destino;
}

function esEjecutable(ruta: string): boolean {
  try {
    fs.accessSync(ruta, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function verificarGo(): void {
  const r = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    throw new Error(
      'No encuentro Go (`go version` falló), y hace falta para compilar helm desde el proxy de módulos de Go. ' +
        'Instala Go >= 1.26 y ponlo en el PATH, o define ALPES_HELM con la ruta de un binario de helm v3.',
    );
  }
}

async function compilarHelm(version: string, destino: string, progreso: Progreso): Promise<void> {
  verificarGo();
  const inicio = Date.now();
  progreso(`descargando el módulo ${MODULO_HELM}@${version} del proxy de módulos de Go…`);
  const descarga = await ejecutar('go', ['mod', 'download', '-json', `${MODULO_HELM}@${version}`], {});
  const dirModulo = (JSON.parse(descarga) as { Dir?: string; Error?: string }).Dir;
  if (!dirModulo) throw new Error(`go mod download no devolvió la carpeta del módulo: ${descarga}`);

  // Same stamps as helm's Makefile: version, and the Kubernetes version derived from client-go,
  // which `helm template` reports as .Capabilities.KubeVersion.
  const clienteGo = /k8s\.io\/client-go v0\.(\d+)\./.exec(
    fs.readFileSync(path.join(dirModulo, 'go.mod'), 'utf8'),
  );
  const k8sMenor = clienteGo?.[1] ?? '20';
  const ldflags = [
    '-s -w',
    `-X helm.sh/helm/v3/internal/version.version=${version}`,
    '-X helm.sh/helm/v3/internal/version.metadata=',
    `-X helm.sh/helm/v3/pkg/lint/rules.k8sVersionMajor=1 -X helm.sh/helm/v3/pkg/lint/rules.k8sVersionMinor=${k8sMenor}`,
    `-X helm.sh/helm/v3/pkg/chartutil.k8sVersionMajor=1 -X helm.sh/helm/v3/pkg/chartutil.k8sVersionMinor=${k8sMenor}`,
  ].join(' ');

  fs.mkdirSync(path.dirname(destino), { recursive: true });
  const temporal = `${destino}.${process.pid}.tmp`;
  progreso(`compilando helm ${version} con go build (la primera vez tarda varios minutos)…`);
  let paquetes = 0;
  const latido = setInterval(
    () => progreso(`… ${Math.round((Date.now() - inicio) / 1000)} s, ${paquetes} paquetes compilados`),
    15000,
  );
  try {
    await ejecutar(
      'go',
      ['build', '-v', '-trimpath', '-ldflags', ldflags, '-o', temporal, './cmd/helm'],
      { cwd: dirModulo, env: { ...process.env, CGO_ENABLED: '0', GOFLAGS: '-buildvcs=false' } },
      () => paquetes++,
    );
  } finally {
    clearInterval(latido);
  }
  fs.renameSync(temporal, destino);
  progreso(`helm ${version} listo en ${destino} (${Math.round((Date.now() - inicio) / 1000)} s)`);
}

/** Runs a command; resolves with stdout, rejects with its stderr. onLineaError sees each stderr line. */
function ejecutar(
  comando: string,
  args: string[],
  opciones: { cwd?: string; env?: NodeJS.ProcessEnv },
  onLineaError?: (linea: string) => void,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const hijo = spawn(comando, args, { ...opciones, stdio: ['ignore', 'pipe', 'pipe'] });
    let salida = '';
    let errores = '';
    hijo.stdout.on('data', (d: Buffer) => (salida += d.toString()));
    hijo.stderr.on('data', (d: Buffer) => {
      const texto = d.toString();
      errores += texto;
      if (onLineaError) texto.split('\n').filter(Boolean).forEach(onLineaError);
    });
    hijo.on('error', reject);
    hijo.on('close', (codigo) =>
      codigo === 0
        ? resolve(salida)
        : reject(
            new Error(`${comando} ${args.join(' ')} terminó con código ${codigo}:\n${errores.slice(-4000)}`),
          ),
    );
  });
}
