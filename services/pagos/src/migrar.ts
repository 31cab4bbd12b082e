// `npm run migrar -w services/pagos` (and the Kubernetes migration Job): applies pending migrations and exits.
import { crearKnex, leerConfiguracion, migrar, url } from '@alpes/seedwork';
import { MIGRACIONES_PAGOS } from './infraestructura/migraciones';

async function principal(): Promise<void> {
  const { urlBaseDatos } = leerConfiguracion({
    urlBaseDatos: url('URL_BASE_DATOS', { protocolos: ['postgres:', 'postgresql:'] }),
  });
  const knex = crearKnex({ url: urlBaseDatos, maximoConexiones: 1, nombreAplicacion: 'pagos-migrar' });
  try {
    const aplicadas = await migrar(knex, MIGRACIONES_PAGOS);
    console.log(JSON.stringify({ nivel: 'info', servicio: 'pagos', msg: 'migraciones al día', aplicadas }));
  } finally {
    await knex.destroy();
  }
}

principal().catch((error: unknown) => {
  process.stderr.write(`migrar falló: ${(error as Error).message}\n`);
  process.exit(1);
});
