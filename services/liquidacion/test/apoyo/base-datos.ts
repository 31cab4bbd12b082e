import { migrarConRolDeMigracion } from '@alpes/seedwork';
import { crearBaseDeDatosTemporal, type BaseDeDatosTemporal } from '@alpes/seedwork/pruebas';
import { MIGRACIONES } from '../../src/infraestructura/migraciones';

/**
 * A throwaway liquidacion database with every migration applied by the migration role, as in
 * production: `bd.urlServicio` (DML only) can then read and write every table.
 */
export async function baseDeDatosLiquidacion(): Promise<BaseDeDatosTemporal> {
  const bd = await crearBaseDeDatosTemporal('liquidacion');
  await migrarConRolDeMigracion(bd.urlMigracion, MIGRACIONES, 'liquidacion-migrar');
  return bd;
}
