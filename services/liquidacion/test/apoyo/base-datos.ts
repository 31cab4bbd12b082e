import { crearBaseDeDatosTemporal, migrar, type BaseDeDatosTemporal } from '@alpes/seedwork';
import { MIGRACIONES } from '../../src/infraestructura/migraciones';

/** A throwaway liquidacion database with every migration applied. */
export async function baseDeDatosLiquidacion(): Promise<BaseDeDatosTemporal> {
  const bd = await crearBaseDeDatosTemporal('liquidacion');
  await migrar(bd.knex, MIGRACIONES);
  return bd;
}
