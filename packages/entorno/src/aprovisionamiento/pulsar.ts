import * as fs from 'node:fs';
import * as path from 'node:path';
import { conProgreso } from '../progreso';
import { asegurarDir, rutas } from '../rutas';
import { VERSIONES } from '../versiones';
import { ejecutarConRegistro, exigirHerramienta } from './comandos';

// Pulsar standalone from Maven Central jars: Maven resolves pulsar-broker and its runtime
// dependencies into lib/, and the broker runs as `java -cp lib/* PulsarStandaloneStarter`.
const POM = `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>alpespartners.entorno</groupId>
  <artifactId>pulsar-standalone</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>org.apache.pulsar</groupId>
      <artifactId>pulsar-broker</artifactId>
      <version>${VERSIONES.pulsar}</version>
    </dependency>
  </dependencies>
</project>
`;

export function dirPulsar(): string {
  return path.join(rutas.herramientas, `pulsar-${VERSIONES.pulsar}`);
}

/** Resolves the Pulsar jars once and caches them; later calls return at once. */
export async function aprovisionarPulsar(): Promise<string> {
  const dir = dirPulsar();
  const lib = path.join(dir, 'lib');
  if (fs.existsSync(lib)) return lib;
  exigirHerramienta(
    'java',
    'to run the Pulsar broker',
    'a JDK 17+ (Debian: apt-get install openjdk-17-jdk-headless)',
  );
  exigirHerramienta(
    'mvn',
    'to fetch the Pulsar jars from Maven Central',
    'Maven 3.8+ (Debian: apt-get install maven)',
  );
  asegurarDir(dir);
  fs.writeFileSync(path.join(dir, 'pom.xml'), POM);
  const registro = path.join(dir, 'maven.log');
  await conProgreso(
    `fetching Pulsar ${VERSIONES.pulsar} jars with Maven (first run only; log: ${registro})`,
    async () => {
      // per process: two first runs at once (npm start beside a test run) must not share it
      const temporal = `${lib}.tmp-${process.pid}`;
      fs.rmSync(temporal, { recursive: true, force: true });
      await ejecutarConRegistro(
        'mvn',
        [
          '-B',
          '-q',
          'dependency:copy-dependencies',
          `-DoutputDirectory=${temporal}`,
          '-DincludeScope=runtime',
        ],
        { cwd: dir, registro },
      );
      try {
        fs.renameSync(temporal, lib);
      } catch (error) {
        // the other run finished first: its jars are the same
        if (!fs.existsSync(lib)) throw error;
        fs.rmSync(temporal, { recursive: true, force: true });
      }
    },
  );
  return lib;
}
