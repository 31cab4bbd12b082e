import * as fs from 'node:fs';
import * as path from 'node:path';

/** Repository root (packages/entorno/dist/src -> ../../../..). */
export const RAIZ_REPO = path.resolve(__dirname, '../../../..');

/** Git-ignored folder with provisioned tools, data and logs; ALPES_ENTORNO_DIR moves it. */
export const DIR_ENTORNO = path.resolve(process.env.ALPES_ENTORNO_DIR ?? path.join(RAIZ_REPO, '.entorno'));

export const rutas = {
  herramientas: path.join(DIR_ENTORNO, 'herramientas'),
  datos: path.join(DIR_ENTORNO, 'datos'),
  registros: path.join(DIR_ENTORNO, 'registros'),
  componentes: path.join(RAIZ_REPO, 'components'),
};

export function asegurarDir(dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}
