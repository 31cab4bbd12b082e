import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { asegurarDir, conProgreso, ejecutarConRegistro, exigirGo } from '@alpes/entorno';
import { rutasCluster } from './rutas';

export interface CompilacionGo {
  modulo: string;
  version: string;
  /** Main packages, relative to the module root ('./cmd/kubeadm'); the binary takes the last element. */
  paquetes: string[];
  /** Folder the binaries land in; the cache key, so it should name the version. */
  destino: string;
  /** Binary name for the package '.', which has no last element of its own. */
  binarioRaiz?: string;
  etiquetas?: string[];
  ldflags?: string;
  /** Edits the module copy before building (drop replace directives pointing into the module's repo). */
  preparar?: (fuente: string) => void;
}

export function binariosDe(c: CompilacionGo): string[] {
  return c.paquetes.map((p) =>
    path.join(c.destino, p === '.' ? (c.binarioRaiz ?? path.basename(c.destino)) : path.basename(p)),
  );
}

/**
 * Builds commands of a Go module served by the Go module proxy, as the main module (so its own
 * replace directives apply), with the flags every build here shares: the compile cache is reused
 * across tools and runs. `go install mod@version` refuses modules with replace directives.
 */
export async function compilarModuloGo(c: CompilacionGo): Promise<string> {
  if (binariosDe(c).every((b) => fs.existsSync(b))) return c.destino;
  exigirGo(`to build ${c.modulo} from the Go module proxy`);
  const nombre = `${c.modulo.replace(/[/.]/g, '_')}@${c.version}`;
  const registro = path.join(asegurarDir(rutasCluster.registros), `go-${nombre}.log`);
  await conProgreso(`building ${c.modulo}@${c.version} (log: ${registro})`, async () => {
    const modulo = JSON.parse(
      execFileSync('go', ['mod', 'download', '-json', `${c.modulo}@${c.version}`], { encoding: 'utf8' }),
    ) as { Dir: string };
    const fuente = path.join(asegurarDir(rutasCluster.construccion), nombre);
    fs.rmSync(fuente, { recursive: true, force: true });
    fs.cpSync(modulo.Dir, fuente, { recursive: true });
    execFileSync('chmod', ['-R', 'u+w', fuente]);
    c.preparar?.(fuente);
    const temporal = `${c.destino}.tmp`;
    fs.rmSync(temporal, { recursive: true, force: true });
    asegurarDir(temporal);
    const comunes = ['build', '-mod=mod', '-trimpath'];
    if (c.etiquetas?.length) comunes.push('-tags', c.etiquetas.join(','));
    if (c.ldflags) comunes.push('-ldflags', c.ldflags);
    const env = { CGO_ENABLED: '0', GOFLAGS: '-buildvcs=false' };
    const conNombre = c.paquetes.filter((p) => p !== '.');
    // several main packages in one `go build` share its package loading and compile graph
    if (conNombre.length)
      await ejecutarConRegistro('go', [...comunes, '-o', `${temporal}/`, ...conNombre], {
        cwd: fuente,
        registro,
        env,
      });
    if (c.paquetes.includes('.')) {
      const salida = path.join(temporal, c.binarioRaiz ?? path.basename(c.destino));
      await ejecutarConRegistro('go', [...comunes, '-o', salida, '.'], { cwd: fuente, registro, env });
    }
    fs.rmSync(c.destino, { recursive: true, force: true });
    fs.renameSync(temporal, c.destino); // an interrupted build never leaves half a tool folder
    fs.rmSync(fuente, { recursive: true, force: true });
  });
  return c.destino;
}

/** `go mod edit` in a module copy (drop a replace into the repo, pin the module instead). */
export function editarGoMod(fuente: string, args: string[]): void {
  execFileSync('go', ['mod', 'edit', ...args], { cwd: fuente });
}
