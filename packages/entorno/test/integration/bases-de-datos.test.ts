// `npm start` and the end-to-end tests give each service two roles on its database: the services
// serve with URL_BASE_DATOS (rows only) and migrate with URL_BASE_DATOS_MIGRACION (the schema's owner).
import { expect } from 'chai';
import { Client } from 'pg';
import { codigoDeError, PERMISO_DENEGADO } from '@alpes/seedwork/pruebas';
import { BASES_DE_DATOS, postgresDePrueba, prepararBasesDeDatos, variablesBaseDatos } from '../../src';

async function conCliente<T>(url: string, trabajo: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return await trabajo(c);
  } finally {
    await c.end();
  }
}

describe('bases de datos locales con rol de migración y rol del servicio', function () {
  this.timeout(60_000);
  let puerto: number;

  before(async () => {
    const admin = await postgresDePrueba();
    puerto = Number(new URL(admin).port);
    await prepararBasesDeDatos(admin);
    await prepararBasesDeDatos(admin); // again, as every `npm start` does on the same data folder
  });

  for (const base of BASES_DE_DATOS) {
    it(`${base}: la URL de migración crea tablas; la del servicio solo lee y escribe filas`, async () => {
      const env = variablesBaseDatos(puerto, base);
      expect(env.URL_BASE_DATOS).to.not.equal(env.URL_BASE_DATOS_MIGRACION);
      await conCliente(env.URL_BASE_DATOS_MIGRACION!, (c) =>
        c.query('CREATE TABLE prueba_roles (id bigserial PRIMARY KEY, dato text)'),
      );
      try {
        await conCliente(env.URL_BASE_DATOS!, async (c) => {
          await c.query("INSERT INTO prueba_roles (dato) VALUES ('x')");
          expect((await c.query('SELECT dato FROM prueba_roles')).rows).to.deep.equal([{ dato: 'x' }]);
          expect(await codigoDeError(c.query('CREATE TABLE intrusa (id int)'))).to.equal(PERMISO_DENEGADO);
          expect(await codigoDeError(c.query('TRUNCATE prueba_roles'))).to.equal(PERMISO_DENEGADO);
        });
      } finally {
        await conCliente(env.URL_BASE_DATOS_MIGRACION!, (c) => c.query('DROP TABLE prueba_roles'));
      }
    });
  }
});
