// mocha --require for `npm test`: the test Postgres is up before any test (integration tests read
// ALPES_POSTGRES_URL), Pulsar starts on first use, and everything stops after the run.
import { detenerEntornoDePrueba, postgresDePrueba } from './entorno-de-prueba';

export async function mochaGlobalSetup(): Promise<void> {
  process.env.ALPES_POSTGRES_URL = await postgresDePrueba();
}

export async function mochaGlobalTeardown(): Promise<void> {
  await detenerEntornoDePrueba();
}
