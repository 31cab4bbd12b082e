// The dev Postgres gives each database the two roles the services expect, with the same grants as
// the local runtime and the tests (packages/seedwork roles-base-datos.ts), and the Secret their URLs.
import { expect } from 'chai';
import { sqlPermisosRoles, type RolesBaseDatos } from '@alpes/seedwork';
import type { ObjetoK8s } from '../../src/chart';
import { plantillaPod, render, todos, unico } from '../apoyo';

const SERVICIOS = ['pagos', 'liquidacion'] as const;
type SecretoTexto = ObjetoK8s & { stringData: Record<string, string> };

describe('chart: roles de base de datos del Postgres de desarrollo', () => {
  let objetos: ObjetoK8s[];
  let urls: Record<string, string>;
  let inicio: string;
  before(async () => {
    objetos = await render('dev');
    urls = (unico(objetos, 'Secret', 'alpes-base-datos') as SecretoTexto).stringData;
    inicio = (unico(objetos, 'Secret', 'postgres-inicio') as SecretoTexto).stringData['01-bases.sql']!;
  });

  /** The roles of `servicio` as the Secret's URLs name them. */
  function rolesDe(servicio: string): RolesBaseDatos {
    const rol = (clave: string) => {
      const u = new URL(urls[clave]!);
      expect(u.pathname, clave).to.equal(`/${servicio}`);
      return { rol: u.username, clave: u.password };
    };
    return { base: servicio, migracion: rol(`url-migracion-${servicio}`), servicio: rol(`url-${servicio}`) };
  }

  for (const servicio of SERVICIOS) {
    it(`${servicio}: el Secret tiene la URL del rol del servicio y la del rol de migración, con claves aleatorias propias`, () => {
      const r = rolesDe(servicio);
      expect(r.servicio.rol).to.equal(`${servicio}_servicio`);
      expect(r.migracion.rol).to.equal(`${servicio}_migracion`);
      expect(r.servicio.clave).to.match(/^[A-Za-z0-9]{32}$/);
      expect(r.migracion.clave).to.match(/^[A-Za-z0-9]{32}$/);
      expect(r.servicio.clave).to.not.equal(r.migracion.clave);
      expect([r.servicio.clave, r.migracion.clave]).to.not.include(urls['clave-postgres']);
    });

    it(`${servicio}: el inicio de Postgres crea ambos roles con esas claves y concede lo mismo que el entorno local`, () => {
      const r = rolesDe(servicio);
      expect(inicio).to.include(`CREATE DATABASE "${servicio}";`);
      expect(inicio).to.include(`CREATE ROLE "${r.migracion.rol}" LOGIN PASSWORD '${r.migracion.clave}';`);
      expect(inicio).to.include(`CREATE ROLE "${r.servicio.rol}" LOGIN PASSWORD '${r.servicio.clave}';`);
      const desde = inicio.indexOf(`\\connect ${servicio}\n`);
      const enLaBase = inicio.slice(desde, inicio.indexOf('\\connect postgres', desde));
      expect(desde, `\\connect ${servicio}`).to.be.greaterThan(-1);
      // every grant of packages/seedwork, but re-owning what existed before (a fresh volume has nothing)
      for (const sentencia of sqlPermisosRoles(r).filter((s) => !s.startsWith('DO '))) {
        expect(enLaBase, sentencia).to.include(`${sentencia};\n`);
      }
    });
  }

  it('el guion de inicio, que lleva las claves, es un Secret montado en docker-entrypoint-initdb.d', () => {
    expect(todos(objetos, 'ConfigMap').map((c) => c.metadata.name)).to.not.include('postgres-inicio');
    const pod = plantillaPod(unico(objetos, 'StatefulSet', 'postgres')) as unknown as {
      spec: { volumes: { name: string; secret?: { secretName: string } }[] };
    };
    expect(pod.spec.volumes.find((v) => v.name === 'inicio')?.secret?.secretName).to.equal('postgres-inicio');
  });

  it('el Secret con las claves de los roles sobrevive a la release, como el volumen que las guarda', () => {
    const sts = unico(objetos, 'StatefulSet', 'postgres').spec as { volumeClaimTemplates?: unknown[] };
    expect(sts.volumeClaimTemplates, 'the data is on a PersistentVolumeClaim').to.have.length(1);
    expect(unico(objetos, 'Secret', 'alpes-base-datos').metadata.annotations).to.deep.include({
      'helm.sh/resource-policy': 'keep',
    });
  });
});
