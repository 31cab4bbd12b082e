import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { raizRepositorio, rutasChart } from '../../src/raiz';
import { plantillaPod, render, renderCon, unico } from '../apoyo';

const raiz = raizRepositorio();
const SERVICIOS = ['pagos', 'liquidacion', 'pasarela-simulada'] as const;
/** The port each image must expose, as the chart's values declare it. */
const valores = parse(fs.readFileSync(path.join(rutasChart().chart, 'values.yaml'), 'utf8'));
const PUERTOS: Record<(typeof SERVICIOS)[number], number[]> = {
  pagos: [valores.pagos.puertoGrpc, valores.pagos.puertoMetricas],
  liquidacion: [valores.liquidacion.puertoGrpc, valores.liquidacion.puertoMetricas],
  'pasarela-simulada': [valores.pasarelaSimulada.puerto],
};

interface Instruccion {
  orden: string;
  argumentos: string;
}

/** skaffold.yaml's artifact of a service: the Dockerfile and the build args it is built with. */
interface Artefacto {
  image: string;
  context: string;
  docker: { dockerfile: string; buildArgs?: Record<string, string> };
}
const skaffold = parse(fs.readFileSync(path.join(raiz, 'skaffold.yaml'), 'utf8'));
const artefactoDe = (servicio: string): Artefacto =>
  (skaffold.build.artifacts as Artefacto[]).find((a) => a.image === `alpes/${servicio}`)!;

/** The Dockerfile as docker reads it for one artifact: its build args expanded. */
function textoDockerfile(a: Artefacto): string {
  const args = a.docker.buildArgs ?? {};
  return fs
    .readFileSync(path.join(raiz, a.docker.dockerfile), 'utf8')
    .replace(
      /\$\{(\w+)\}|\$(\w+)/g,
      (todo, llave?: string, suelta?: string) => args[(llave ?? suelta)!] ?? todo,
    );
}

function etapas(texto: string): Instruccion[][] {
  const lineas = texto
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const resultado: Instruccion[][] = [];
  for (const linea of lineas) {
    const [orden, ...resto] = linea.split(/\s+/);
    const instruccion = { orden: orden!.toUpperCase(), argumentos: resto.join(' ') };
    if (instruccion.orden === 'FROM') resultado.push([]);
    resultado[resultado.length - 1]?.push(instruccion);
  }
  return resultado;
}

/** Folders of @alpes/* workspaces a package needs at run time, itself included. */
function workspacesNecesarios(carpeta: string, vistos = new Set<string>()): Set<string> {
  vistos.add(carpeta);
  const paquete = JSON.parse(fs.readFileSync(path.join(raiz, carpeta, 'package.json'), 'utf8'));
  for (const nombre of Object.keys(paquete.dependencies ?? {}).filter((n) => n.startsWith('@alpes/'))) {
    const destino = fs.realpathSync(path.join(raiz, 'node_modules', nombre));
    const relativa = path.relative(raiz, destino);
    if (!vistos.has(relativa)) workspacesNecesarios(relativa, vistos);
  }
  return vistos;
}

describe('imágenes de los servicios', () => {
  for (const servicio of SERVICIOS) {
    describe(`la imagen de ${servicio} (services/Dockerfile con SERVICIO=${servicio})`, () => {
      const texto = () => textoDockerfile(artefactoDe(servicio));
      const todas = () => etapas(texto());
      const final = () => todas()[todas().length - 1]!;
      const necesarios = () => [...workspacesNecesarios(`services/${servicio}`)];

      it('es multi-etapa y la imagen final es Node 20 pequeña (distroless o slim)', () => {
        expect(todas().length).to.be.at.least(3);
        expect(final()[0]!.argumentos).to.match(
          /^(gcr\.io\/distroless\/nodejs20-debian\d+(:nonroot)?|node:20[\w.-]*-slim)\b/,
        );
      });

      it('la imagen final corre como usuario no root', () => {
        const usuarios = final().filter((i) => i.orden === 'USER');
        expect(usuarios, 'USER en la etapa final').to.have.length.greaterThan(0);
        expect(usuarios[usuarios.length - 1]!.argumentos).to.not.match(/^(root|0)(:|$)/);
      });

      it('instala solo dependencias de producción de los workspaces que el servicio necesita', () => {
        const instalacion = todas()
          .flat()
          .find((i) => i.orden === 'RUN' && /npm ci\b.*--omit=dev/.test(i.argumentos));
        expect(instalacion, 'RUN npm ci --omit=dev').to.exist;
        const workspaces = [...instalacion!.argumentos.matchAll(/-w\s+(\S+)/g)].map((m) => m[1]);
        expect(workspaces).to.have.members(necesarios());
      });

      it('copia a la imagen final el package.json y lo compilado de cada workspace necesario', () => {
        const copias = final()
          .filter((i) => i.orden === 'COPY')
          .map((i) => i.argumentos);
        for (const ws of necesarios()) {
          expect(
            copias.some((c) => c.includes(`/app/${ws}/package.json`)),
            `${ws}/package.json`,
          ).to.be.true;
          expect(
            copias.some((c) => c.includes(`/app/${ws}/dist`)),
            `${ws}/dist`,
          ).to.be.true;
        }
        expect(copias.some((c) => c.includes('/app/node_modules'))).to.be.true;
      });

      it('lo que copia del contexto existe en el repositorio y no es salida compilada', () => {
        for (const i of todas()
          .flat()
          .filter((x) => x.orden === 'COPY' && !x.argumentos.startsWith('--from'))) {
          const fuentes = i.argumentos.split(/\s+/).slice(0, -1);
          for (const fuente of fuentes) {
            expect(fs.existsSync(path.join(raiz, fuente)), `${fuente} existe`).to.be.true;
            expect(fuente).to.not.match(/(^|\/)(dist|node_modules)(\/|$)/);
          }
        }
      });

      it('arranca dist/src/main.js del servicio y expone sus puertos del chart', () => {
        // CMD cannot expand a build arg: it runs principal.js, one line that loads the service's main.js
        const cmd = final().find((i) => i.orden === 'CMD')!.argumentos;
        expect(JSON.parse(cmd)).to.deep.equal(['principal.js']);
        expect(texto()).to.include(
          `echo "require('./services/${servicio}/dist/src/main.js');" > principal.js`,
        );
        expect(
          final().some((i) => i.orden === 'COPY' && /\/app\/principal\.js principal\.js$/.test(i.argumentos)),
        ).to.be.true;
        const expuestos = final()
          .filter((i) => i.orden === 'EXPOSE')
          .flatMap((i) => i.argumentos.split(/\s+/).map(Number));
        expect(expuestos).to.include.members(PUERTOS[servicio]);
      });
    });
  }

  it('.dockerignore deja fuera dist, node_modules, tsbuildinfo y las herramientas aprovisionadas', () => {
    const reglas = fs.readFileSync(path.join(raiz, '.dockerignore'), 'utf8').split('\n');
    expect(reglas).to.include.members(['**/node_modules', '**/dist', '**/*.tsbuildinfo', '.entorno', '.git']);
  });
});

describe('skaffold.yaml', () => {
  const config = parse(fs.readFileSync(path.join(raiz, 'skaffold.yaml'), 'utf8'));
  const release = config.deploy.helm.releases[0];
  const sanear = (imagen: string) => imagen.replace(/[/\-.:]/g, '_');

  it('usa el esquema skaffold/v4beta y construye las tres imágenes desde la raíz del repositorio', () => {
    expect(config.apiVersion).to.match(/^skaffold\/v4beta\d+$/);
    expect(config.kind).to.equal('Config');
    const artefactos = config.build.artifacts as Artefacto[];
    // one Dockerfile for the Node services, told which one by SERVICIO
    expect(artefactos.map((a) => a.docker.dockerfile)).to.deep.equal(
      SERVICIOS.map(() => 'services/Dockerfile'),
    );
    expect(artefactos.map((a) => a.docker.buildArgs?.SERVICIO)).to.have.members([...SERVICIOS]);
    for (const a of artefactos) {
      expect(a.context).to.equal('.');
      expect(fs.existsSync(path.join(raiz, a.docker.dockerfile))).to.be.true;
    }
  });

  it('despliega el chart con los valores de dev y pone cada imagen construida en su valor', () => {
    expect(path.resolve(raiz, release.chartPath)).to.equal(rutasChart().chart);
    expect(release.valuesFiles.map((v: string) => path.resolve(raiz, v))).to.deep.equal([
      rutasChart().valoresDev,
    ]);
    const imagenes = (config.build.artifacts as { image: string }[]).map((a) => a.image);
    for (const [clave, plantilla] of Object.entries(release.setValueTemplates as Record<string, string>)) {
      const [seccion, campo] = clave.split('.');
      expect(valores[seccion!]?.[campo!], `${clave} existe en values.yaml`).to.be.a('string');
      const artefacto = /^\{\{\.IMAGE_FULLY_QUALIFIED_(\w+)\}\}$/.exec(plantilla)?.[1];
      expect(imagenes.map(sanear), `${plantilla} nombra un artefacto`).to.include(artefacto);
    }
    expect(Object.keys(release.setValueTemplates)).to.have.length(imagenes.length);
  });

  it('el chart se renderiza con lo que skaffold le pasa (nombres de artefacto como imagen)', async () => {
    const set = Object.fromEntries(
      Object.keys(release.setValueTemplates).map((clave, i) => [clave, config.build.artifacts[i].image]),
    );
    const objetos = await renderCon({
      valores: ['dev'],
      set,
      nombreRelease: release.name,
      namespace: release.namespace,
    });
    expect(plantillaPod(unico(objetos, 'Deployment', 'pagos')).spec.containers[0]!.image).to.equal(
      'alpes/pagos',
    );
  });

  it('reenvía los puertos gRPC a Services que existen en el render de dev', async () => {
    const objetos = await render('dev');
    const reenvios = config.portForward as {
      resourceType: string;
      resourceName: string;
      port: number;
      localPort: number;
      namespace: string;
    }[];
    for (const r of reenvios) {
      expect(r.resourceType).to.equal('service');
      expect(r.namespace).to.equal(release.namespace);
      const puertos = (unico(objetos, 'Service', r.resourceName).spec as { ports: { port: number }[] }).ports;
      expect(
        puertos.map((p) => p.port),
        r.resourceName,
      ).to.include(r.port);
    }
    expect(reenvios.map((r) => r.localPort)).to.include.members([
      valores.pagos.puertoGrpc,
      valores.liquidacion.puertoGrpc,
    ]);
  });

  it('tiene un perfil kind que carga las imágenes en el clúster sin publicarlas', () => {
    const kind = (
      config.profiles as {
        name: string;
        activation: { kubeContext: string }[];
        build: { local: { push: boolean } };
        deploy: { kubeContext: string };
      }[]
    ).find((p) => p.name === 'kind');
    expect(kind).to.exist;
    expect(kind!.build.local.push).to.be.false;
    expect(kind!.deploy.kubeContext).to.match(/^kind-/);
    expect(kind!.activation.map((a) => a.kubeContext)).to.include(kind!.deploy.kubeContext);
  });
});
