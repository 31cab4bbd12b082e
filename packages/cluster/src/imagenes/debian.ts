// debian:bookworm-slim, the base of every other stand-in (and of the node images): a Debian 12
// minbase root made by mmdebstrap from Debian's mirror, imported into Docker.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { asegurarDir, conProgreso, ErrorEntorno, paso } from '@alpes/entorno';
import { ejecutar } from '../comandos';
import { rutasCluster } from '../rutas';
import { ETIQUETA_HUELLA, ETIQUETA_SUSTITUTA, estadoImagen, huellaReceta } from './huella';
import { VERSIONES_SUSTITUTAS as V } from './versiones';

// ca-certificates: the official slim image has none, but every image built on it here fetches
// from HTTPS mirrors and registries (apt, npm), and distroless ships the bundle
const ARGUMENTOS_MMDEBSTRAP = ['--variant=minbase', '--include=ca-certificates', V.debian];
// the official image's only configuration
const CAMBIOS_IMPORTACION = ['CMD ["bash"]'];

export function huellaDebian(): string {
  return huellaReceta(undefined, ['mmdebstrap', ...ARGUMENTOS_MMDEBSTRAP, ...CAMBIOS_IMPORTACION]);
}

/**
 * Creates the image when it is missing, or when it is one of ours from an older recipe. An image
 * under that name without our label (the real one, or one made by hand) is kept as it is.
 * Returns true when it built.
 */
export async function asegurarDebian(
  env: NodeJS.ProcessEnv,
  referencia = 'debian:bookworm-slim',
): Promise<boolean> {
  const huella = huellaDebian();
  const actual = await estadoImagen(referencia, env);
  if (actual && (actual.huella === '' || actual.huella === huella)) {
    paso(`stand-in ${referencia}: present${actual.huella ? '' : ' (not built by this project; kept)'}`);
    return false;
  }
  await asegurarMmdebstrap();
  const dir = asegurarDir(path.join(rutasCluster.construccion, 'sustitutas'));
  const registro = path.join(asegurarDir(rutasCluster.registros), 'sustituta-debian.log');
  const tar = path.join(dir, `debian-${V.debian}.tar`);
  await conProgreso(`building stand-in ${referencia} with mmdebstrap (log: ${registro})`, async () => {
    fs.rmSync(tar, { force: true });
    try {
      await ejecutar('mmdebstrap', [...ARGUMENTOS_MMDEBSTRAP, tar], { registro });
      await ejecutar(
        'docker',
        [
          'import',
          ...CAMBIOS_IMPORTACION.flatMap((c) => ['--change', c]),
          '--change',
          `LABEL ${ETIQUETA_SUSTITUTA}=true ${ETIQUETA_HUELLA}=${huella}`,
          tar,
          referencia,
        ],
        { env, registro },
      );
    } finally {
      fs.rmSync(tar, { force: true });
    }
  });
  return true;
}

async function asegurarMmdebstrap(): Promise<void> {
  if (spawnSync('which', ['mmdebstrap']).status === 0) return;
  if (process.getuid?.() !== 0) {
    throw new ErrorEntorno(
      'mmdebstrap not found; it builds the Debian base of the stand-in images. Install it (as root: apt-get install mmdebstrap), then run this again.',
    );
  }
  const registro = path.join(asegurarDir(rutasCluster.registros), 'apt-mmdebstrap.log');
  await conProgreso(`installing mmdebstrap (apt-get; log: ${registro})`, async () => {
    await ejecutar('apt-get', ['update'], { registro });
    await ejecutar('apt-get', ['install', '-y', '--no-install-recommends', 'mmdebstrap'], {
      registro,
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  });
}
