import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { asegurarDir, paso } from '@alpes/entorno';
import { ejecutar } from './comandos';
import { rutasCluster } from './rutas';

const ETIQUETA_HUELLA = 'alpes.huella';

export interface ContextoImagen {
  referencia: string;
  /** Dockerfile text. */
  dockerfile: string;
  /** Files to place in the build context: name in the context -> source path (file or folder). */
  archivos: Record<string, string>;
}

/**
 * Builds an image from a generated context unless an image with the same content fingerprint is
 * there already (the legacy builder: BuildKit's `# syntax` frontend would be pulled from a registry).
 */
export async function construirImagen(c: ContextoImagen, env: NodeJS.ProcessEnv): Promise<void> {
  const huella = huellaDe(c);
  if (huellaActual(c.referencia, env) === huella) return;
  const dir = path.join(
    asegurarDir(rutasCluster.construccion),
    `imagen-${c.referencia.replace(/[/:]/g, '_')}`,
  );
  fs.rmSync(dir, { recursive: true, force: true });
  asegurarDir(dir);
  fs.writeFileSync(path.join(dir, 'Dockerfile'), c.dockerfile);
  for (const [nombre, origen] of Object.entries(c.archivos)) {
    fs.cpSync(origen, path.join(dir, nombre), { recursive: true, dereference: true });
  }
  const registro = path.join(asegurarDir(rutasCluster.registros), `imagen-${path.basename(dir)}.log`);
  const inicio = Date.now();
  await ejecutar('docker', ['build', '--label', `${ETIQUETA_HUELLA}=${huella}`, '-t', c.referencia, dir], {
    env: { ...env, DOCKER_BUILDKIT: '0' },
    registro,
  });
  paso(`image ${c.referencia} built (${((Date.now() - inicio) / 1000).toFixed(1)} s)`);
  fs.rmSync(dir, { recursive: true, force: true });
}

function huellaActual(referencia: string, env: NodeJS.ProcessEnv): string | undefined {
  const r = spawnSync(
    'docker',
    ['image', 'inspect', '--format', `{{index .Config.Labels "${ETIQUETA_HUELLA}"}}`, referencia],
    {
      env,
      encoding: 'utf8',
    },
  );
  return r.status === 0 ? r.stdout.trim() : undefined;
}

function huellaDe(c: ContextoImagen): string {
  const h = crypto.createHash('sha256').update(c.dockerfile);
  for (const [nombre, origen] of Object.entries(c.archivos).sort(([a], [b]) => a.localeCompare(b))) {
    h.update(nombre);
    sumarArchivos(h, origen);
  }
  return h.digest('hex').slice(0, 16);
}

function sumarArchivos(h: crypto.Hash, origen: string): void {
  const st = fs.statSync(origen);
  if (st.isDirectory()) {
    for (const e of fs.readdirSync(origen).sort()) {
      h.update(e);
      sumarArchivos(h, path.join(origen, e));
    }
  } else {
    // content, not mtime: a fresh clone relinks the same binaries (reproducible -trimpath builds)
    // and must find the images it already has in the shared engine
    h.update(`${st.mode & 0o111 ? 'x' : '-'}`);
    h.update(fs.readFileSync(origen));
  }
}
