import { expect } from 'chai';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DIR_RECETAS } from '../../src/imagenes/catalogo';

// The Pulsar stand-in's bin/apply-config-from-env.py honours the official image's contract: a
// variable named like a key of the file sets it, PULSAR_PREFIX_<key> sets or adds <key>, `${X}` is
// X's value. Run here with the host's python3 on a copy of the stand-in's own standalone.conf.

const SCRIPT = path.join(DIR_RECETAS, 'pulsar', 'bin', 'apply-config-from-env.py');
const CONF = path.join(DIR_RECETAS, 'pulsar', 'conf', 'standalone.conf');

/** key -> value of a properties file (last one wins, as Java's Properties). */
function propiedades(texto: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const linea of texto.split('\n')) {
    const l = linea.trim();
    if (!l || l.startsWith('#') || !l.includes('=')) continue;
    const i = l.indexOf('=');
    m.set(l.slice(0, i), l.slice(i + 1));
  }
  return m;
}

describe('Pulsar sustituta: configuración desde el entorno (apply-config-from-env.py)', () => {
  let dir: string;
  before(function () {
    if (spawnSync('python3', ['--version']).status !== 0) this.skip(); // the image has its own python3
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alpes-conf-pulsar-'));
  });
  after(() => dir && fs.rmSync(dir, { recursive: true, force: true }));

  function aplicar(env: Record<string, string>, ...args: string[]): Map<string, string> {
    const conf = path.join(dir, 'standalone.conf');
    fs.copyFileSync(CONF, conf);
    execFileSync(SCRIPT, [...args, conf], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: 'pipe' });
    return propiedades(fs.readFileSync(conf, 'utf8'));
  }

  it('es ejecutable, como los demás guiones de bin/', () => {
    expect(fs.statSync(SCRIPT).mode & 0o111).to.equal(0o111);
  });

  it('una variable con el nombre de una clave del archivo la cambia; otras variables no añaden nada', () => {
    const antes = propiedades(fs.readFileSync(CONF, 'utf8'));
    const p = aplicar({ clusterName: 'otro', brokerServicePortTls: '6651', HOME: '/tmp' });
    expect(p.get('clusterName')).to.equal('otro');
    expect(p.has('brokerServicePortTls')).to.equal(false);
    expect(p.has('HOME')).to.equal(false);
    expect(p.size).to.equal(antes.size);
  });

  it('PULSAR_PREFIX_ cambia una clave, añade las que faltan y puede vaciar un puerto (en claro apagado)', () => {
    const p = aplicar({
      PULSAR_PREFIX_brokerServicePort: '',
      PULSAR_PREFIX_brokerServicePortTls: '6651',
      PULSAR_PREFIX_tlsCertificateFilePath: '/pulsar/tls/tls.crt',
    });
    expect(p.get('brokerServicePort')).to.equal('');
    expect(p.get('brokerServicePortTls')).to.equal('6651');
    expect(p.get('tlsCertificateFilePath')).to.equal('/pulsar/tls/tls.crt');
  });

  it('${OTRA} toma el valor de otra variable, y --env_file las lee de un archivo', () => {
    const archivo = path.join(dir, 'entorno');
    fs.writeFileSync(archivo, '# comment\nPULSAR_PREFIX_superUserRoles=alpes\n');
    const p = aplicar(
      { PULSAR_PREFIX_advertisedAddress: '${NOMBRE_SERVICIO}', NOMBRE_SERVICIO: 'pulsar.externos.svc' },
      '--env_file',
      archivo,
    );
    expect(p.get('advertisedAddress')).to.equal('pulsar.externos.svc');
    expect(p.get('superUserRoles')).to.equal('alpes');
  });
});
