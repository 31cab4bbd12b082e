import { execFileSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as path from 'node:path';
import { rutasCluster } from '../rutas';

/** The commit a module version was tagged at, when the Go module proxy reports it (for version stamps). */
export function commitDelModulo(modulo: string, version: string): string | undefined {
  const info = JSON.parse(
    execFileSync('go', ['mod', 'download', '-json', `${modulo}@${version}`], { encoding: 'utf8' }),
  ) as { Origin?: { Hash?: string } };
  return info.Origin?.Hash;
}

export function carpetaDelModulo(modulo: string, version: string): string {
  const info = JSON.parse(
    execFileSync('go', ['mod', 'download', '-json', `${modulo}@${version}`], { encoding: 'utf8' }),
  ) as { Dir?: string; Error?: string };
  if (!info.Dir) throw new Error(`go mod download ${modulo}@${version}: ${info.Error ?? 'no folder'}`);
  return info.Dir;
}

/** A tools folder whose name changes with what decides its content (version, flags, file lists). */
export function carpetaDeBinarios(nombre: string, version: string, entradas: unknown): string {
  const huella = crypto.createHash('sha256').update(JSON.stringify(entradas)).digest('hex').slice(0, 8);
  return path.join(rutasCluster.herramientas, `${nombre}-${version}-${huella}`);
}

/** '1.18.2' for 'v1.18.2': the tags Dapr and KEDA publish their images and charts under. */
export const sinV = (version: string) => version.replace(/^v/, '');
