// mocha --require for `npm test`: the test Postgres is up before any test, Pulsar starts on first
// use, and everything stops after the run. ALPES_POSTGRES_URL names the test Postgres from the
// moment this file is required, before mocha loads the spec files, so nothing can read the dev
// default (port 5433) by mistake.
import { urlPostgres } from '../componentes';
import { desplazamientoPruebas, puertos } from '../puertos-locales';
import { detenerEntornoDePrueba, postgresDePrueba } from './entorno-de-prueba';

process.env.ALPES_POSTGRES_URL = urlPostgres(puertos(desplazamientoPruebas()).postgres);

export async function mochaGlobalSetup(): Promise<void> {
  process.env.ALPES_POSTGRES_URL = await postgresDePrueba();
}

export async function mochaGlobalTeardown(): Promise<void> {
  await detenerEntornoDePrueba();
}
