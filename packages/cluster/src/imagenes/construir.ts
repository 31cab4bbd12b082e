import * as fs from 'node:fs';
import * as path from 'node:path';
import { asegurarDir, conProgreso, ErrorEntorno, paso } from '@alpes/entorno';
import { ejecutar } from '../comandos';
import { rutasCluster } from '../rutas';
import { DEBIAN, DIR_RECETAS, IMAGENES_SUSTITUTAS, ImagenSustituta } from './catalogo';
import { asegurarDebian } from './debian';
import { copiarArbol } from './insumos';
import { EstadoImagen, ETIQUETA_HUELLA, ETIQUETA_SUSTITUTA, estadoImagen, huellaReceta } from './huella';

/**
 * Every stand-in image present and current, built in dependency order, one build at a time (the
 * legacy builder: BuildKit would pull its frontend). A warm run inspects each image and returns.
 * An image under one of those references without our label (the real one, pulled) is kept, and
 * the Debian base is only made when some stand-in has to be built on it.
 */
export async function asegurarImagenesSustitutas(env: NodeJS.ProcessEnv): Promise<void> {
  const inicio = Date.now();
  let construidas = 0;
  let debianVisto = false;
  for (const imagen of IMAGENES_SUSTITUTAS) {
    const actual = await estadoImagen(imagen.referencia, env);
    if (actual?.huella === '') {
      paso(`stand-in ${imagen.referencia}: present, not built by this project (kept)`);
      continue;
    }
    if (imagen.bases.includes(DEBIAN) && !debianVisto) {
      if (await asegurarDebian(env, DEBIAN)) construidas++;
      debianVisto = true;
    }
    if (await asegurarImagenSustituta(imagen, env, actual)) construidas++;
  }
  paso(
    `stand-in images: ${construidas} built, the rest current (${((Date.now() - inicio) / 1000).toFixed(1)} s)`,
  );
}

/** The fingerprint the image must carry: its folder, its pinned inputs, its bases' ids. */
export async function huellaEsperada(imagen: ImagenSustituta, env: NodeJS.ProcessEnv): Promise<string> {
  const bases: string[] = [];
  for (const base of imagen.bases) {
    const estado = await estadoImagen(base, env);
    if (!estado) throw new ErrorEntorno(`${imagen.referencia} is built FROM ${base}, which is not there`);
    bases.push(`${base}=${estado.id}`);
  }
  const argumentos = Object.entries(imagen.argumentos ?? {}).map(([k, v]) => `--build-arg ${k}=${v}`);
  return huellaReceta(path.join(DIR_RECETAS, imagen.carpeta), [...imagen.insumos(), ...argumentos, ...bases]);
}

/**
 * Builds one stand-in unless the image there carries the same fingerprint (its bases must be
 * there); true when it built.
 */
export async function asegurarImagenSustituta(
  imagen: ImagenSustituta,
  env: NodeJS.ProcessEnv,
  actual?: EstadoImagen,
): Promise<boolean> {
  actual ??= await estadoImagen(imagen.referencia, env);
  const huella = await huellaEsperada(imagen, env);
  if (actual?.huella === huella) {
    paso(`stand-in ${imagen.referencia}: current`);
    return false;
  }
  const contexto = path.join(rutasCluster.construccion, 'sustitutas', imagen.carpeta);
  const registro = path.join(asegurarDir(rutasCluster.registros), `sustituta-${imagen.carpeta}.log`);
  fs.writeFileSync(registro, '');
  const motivo = actual ? 'recipe changed' : 'missing';
  try {
    await conProgreso(`building stand-in ${imagen.referencia} (${motivo}; log: ${registro})`, async () => {
      fs.rmSync(contexto, { recursive: true, force: true });
      copiarArbol(path.join(DIR_RECETAS, imagen.carpeta), contexto);
      await imagen.preparar(contexto);
      await ejecutar(
        'docker',
        [
          'build',
          '--label',
          `${ETIQUETA_SUSTITUTA}=true`,
          '--label',
          `${ETIQUETA_HUELLA}=${huella}`,
          ...Object.entries(imagen.argumentos ?? {}).flatMap(([k, v]) => ['--build-arg', `${k}=${v}`]),
          '-t',
          imagen.referencia,
          contexto,
        ],
        { env: { ...env, DOCKER_BUILDKIT: '0' }, registro },
      );
      if (imagen.comprobacion) await comprobar(imagen, env, registro);
    });
  } finally {
    fs.rmSync(contexto, { recursive: true, force: true });
  }
  return true;
}

/** Runs the new image once; a broken one is removed, so the next run builds it again. */
async function comprobar(imagen: ImagenSustituta, env: NodeJS.ProcessEnv, registro: string): Promise<void> {
  const { args, espera } = imagen.comprobacion!;
  const descartar = () => ejecutar('docker', ['image', 'rm', imagen.referencia], { env }).catch(() => '');
  const salida = await ejecutar('docker', ['run', '--rm', imagen.referencia, ...args], { env }).catch(
    async (e: Error) => {
      await descartar();
      throw new ErrorEntorno(
        `the new stand-in ${imagen.referencia} does not run (log ${registro}): ${e.message}`,
      );
    },
  );
  if (!salida.includes(espera)) {
    await descartar();
    throw new ErrorEntorno(
      `the new stand-in ${imagen.referencia} answered ${JSON.stringify(salida.trim())} to ` +
        `\`${args.join(' ')}\`; expected ${JSON.stringify(espera)} (log ${registro})`,
    );
  }
}
