import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { argumentosTemplate, ejecutarHelm } from '../../src/chart';
import { rutasChart } from '../../src/raiz';
import { ARCHIVOS_VALORES, env, plantillaPod, render, todos, unico } from '../apoyo';

describe('chart alpes-pagos: helm lint y helm template', () => {
  for (const archivo of ARCHIVOS_VALORES) {
    it(`pasa helm lint --strict con valores-${archivo}.yaml`, async () => {
      const r = await ejecutarHelm([
        'lint',
        '--strict',
        rutasChart().chart,
        '--values',
        rutasChart()[archivo === 'dev' ? 'valoresDev' : 'valoresProd'],
      ]);
      expect(r.codigo, r.salida + r.errores).to.equal(0);
      expect(r.salida).to.match(/1 chart\(s\) linted, 0 chart\(s\) failed/);
    });

    it(`helm template con valores-${archivo}.yaml produce objetos con apiVersion, kind y nombre`, async () => {
      const objetos = await render(archivo);
      expect(objetos.length).to.be.greaterThan(10);
      for (const o of objetos) {
        expect(o.apiVersion, JSON.stringify(o).slice(0, 200)).to.be.a('string').and.not.empty;
        expect(o.kind).to.be.a('string').and.not.empty;
        expect(o.metadata?.name).to.be.a('string').and.not.empty;
      }
      const claves = objetos.map((o) => `${o.kind}/${o.metadata.name}`);
      expect(new Set(claves).size, 'ningún objeto se repite').to.equal(claves.length);
    });
  }

  // chart-testing's convention (`ct lint`): charts/<name>/ci/*-values.yaml, here links to the two files
  it('pasa helm lint --strict con cada ci/*-values.yaml (convención de chart-testing)', async () => {
    const dir = path.join(rutasChart().chart, 'ci');
    const archivos = fs.readdirSync(dir).filter((a) => a.endsWith('-values.yaml'));
    expect(archivos.sort()).to.deep.equal(['dev-values.yaml', 'prod-values.yaml']);
    for (const a of archivos) {
      const r = await ejecutarHelm(['lint', '--strict', rutasChart().chart, '--values', path.join(dir, a)]);
      expect(r.codigo, `${a}: ${r.salida}${r.errores}`).to.equal(0);
    }
  });

  it('en dev despliega Pulsar, Postgres y la pasarela simulada dentro del clúster', async () => {
    const nombres = (await render('dev')).map((o) => `${o.kind}/${o.metadata.name}`);
    expect(nombres).to.include.members([
      'StatefulSet/pulsar',
      'StatefulSet/postgres',
      'Deployment/pasarela-simulada',
      'Deployment/pagos',
      'Deployment/liquidacion',
    ]);
  });

  it('en dev la pasarela simulada escucha en el PUERTO que lee y liquidacion la llama por su Service', async () => {
    const objetos = await render('dev');
    const pasarela = plantillaPod(unico(objetos, 'Deployment', 'pasarela-simulada')).spec.containers[0]!;
    const puerto = env(pasarela, 'PUERTO')!.value;
    expect(pasarela.ports!.map((p) => String(p.containerPort))).to.include(puerto);
    const liquidacion = plantillaPod(unico(objetos, 'Deployment', 'liquidacion')).spec.containers[0]!;
    expect(env(liquidacion, 'URL_PASARELA')!.value).to.equal(`http://pasarela-simulada:${puerto}`);
  });

  it('en prod no despliega Pulsar, Postgres ni la pasarela simulada', async () => {
    const objetos = await render('prod');
    expect(todos(objetos, 'StatefulSet')).to.be.empty;
    expect(objetos.map((o) => o.metadata.name)).to.not.include('pasarela-simulada');
  });

  it('los valores por defecto solos no bastan: el chart exige elegir dev o prod', async () => {
    // values.yaml alone points at external Pulsar without a Secret: it must be rejected, not half-deploy
    const r = await ejecutarHelm(argumentosTemplate());
    expect(r.codigo).to.not.equal(0);
    expect(r.errores).to.match(/secretoHost|urlAdmin/);
  });
});
