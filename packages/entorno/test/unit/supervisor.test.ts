import { expect } from 'chai';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { desplazamientoPruebas, ErrorEntorno, puertos, Supervisor } from '../../src';
import { exigirPuertoLibre } from '../../src/procesos/puerto-libre';

/** Running, and not a zombie waiting to be reaped. */
function vivo(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

describe('supervisor de procesos locales', function () {
  this.timeout(30_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'supervisor-'));

  it('un puerto ocupado se informa con su número y su uso', async () => {
    const ocupante = net.createServer();
    await new Promise<void>((r) => ocupante.listen(0, '127.0.0.1', r));
    const { port } = ocupante.address() as net.AddressInfo;
    try {
      await exigirPuertoLibre(port, 'pulsar admin');
      expect.fail('should have thrown');
    } catch (e) {
      expect(e).to.be.instanceOf(ErrorEntorno);
      expect((e as Error).message).to.match(new RegExp(`port ${port} \\(pulsar admin\\) is already taken`));
    } finally {
      ocupante.close();
    }
  });

  it('un puerto que retiene una conexión saliente se informa como tal, con el rango efímero', async () => {
    const servidor = net.createServer();
    await new Promise<void>((r) => servidor.listen(0, '127.0.0.1', r));
    const cliente = net.connect((servidor.address() as net.AddressInfo).port, '127.0.0.1');
    await new Promise<void>((r) => cliente.once('connect', r));
    const puertoLocal = cliente.localPort!; // picked by the kernel from the ephemeral range
    try {
      await exigirPuertoLibre(puertoLocal, 'liquidacion app-callback');
      expect.fail('should have thrown');
    } catch (e) {
      expect(e).to.be.instanceOf(ErrorEntorno);
      expect((e as Error).message).to.match(
        new RegExp(
          `port ${puertoLocal} \\(liquidacion app-callback\\) is held by an outgoing connection: .*ephemeral port range \\(\\d+-\\d+\\)`,
        ),
      );
    } finally {
      cliente.destroy();
      servidor.close();
    }
  });

  it('el bloque de puertos de las pruebas por omisión queda fuera del rango efímero de Linux', () => {
    const anterior = process.env.ALPES_DESPLAZAMIENTO_PRUEBAS;
    delete process.env.ALPES_DESPLAZAMIENTO_PRUEBAS;
    try {
      const enRango = Object.entries(puertos(desplazamientoPruebas())).filter(
        ([, p]) => p >= 32_768 && p <= 60_999,
      );
      expect(enRango).to.deep.equal([]);
    } finally {
      if (anterior !== undefined) process.env.ALPES_DESPLAZAMIENTO_PRUEBAS = anterior;
    }
  });

  it('un proceso que muere al arrancar se informa con la cola de su registro', async () => {
    const supervisor = new Supervisor(dir, 'prueba-muere');
    try {
      await supervisor.iniciar({
        nombre: 'muere',
        comando: 'sh',
        args: ['-c', 'echo "fatal: no config file"; exit 3'],
        puertos: {},
        listo: async () => false,
        tiempoMaximoArranqueMs: 10_000,
      });
      expect.fail('should have thrown');
    } catch (e) {
      expect((e as Error).message).to.include('muere exited during start (code 3)');
      expect((e as Error).message).to.include('fatal: no config file');
    }
  });

  it('detener termina el grupo entero: no quedan procesos huérfanos', async () => {
    const supervisor = new Supervisor(dir, 'prueba-grupo');
    const pids = path.join(dir, 'pids');
    await supervisor.iniciar({
      nombre: 'grupo',
      comando: 'sh',
      args: ['-c', `sleep 300 & echo $! > ${pids}; exec sleep 300`],
      puertos: {},
      listo: async () => fs.existsSync(pids) && fs.readFileSync(pids, 'utf8').trim() !== '',
      tiempoMaximoArranqueMs: 10_000,
    });
    const nieto = Number(fs.readFileSync(pids, 'utf8'));
    const hijo = supervisor.estado('grupo').pid!;
    expect(vivo(nieto) && vivo(hijo)).to.equal(true);
    await supervisor.detenerTodo();
    expect(vivo(hijo), 'child still running').to.equal(false);
    expect(vivo(nieto), 'grandchild still running').to.equal(false);
  });

  it('reiniciar con variables las agrega solo a esa corrida; el siguiente reinicio vuelve a la definición', async () => {
    const supervisor = new Supervisor(dir, 'prueba-variables');
    const salida = path.join(dir, 'variables');
    const corridas = () => (fs.existsSync(salida) ? fs.readFileSync(salida, 'utf8').trim().split('\n') : []);
    try {
      let arranques = corridas().length; // ready once this run has written its line
      const arrancar = () => ++arranques;
      arrancar();
      await supervisor.iniciar({
        nombre: 'variables',
        comando: 'sh',
        args: ['-c', `echo "$A-$B" >> ${salida}; exec sleep 300`],
        env: { A: 'a', B: 'b' },
        puertos: {},
        listo: async () => corridas().length >= arranques,
        tiempoMaximoArranqueMs: 10_000,
      });
      arrancar();
      await supervisor.reiniciar('variables', { B: 'otra' });
      arrancar();
      await supervisor.reiniciar('variables');
      expect(corridas()).to.deep.equal(['a-b', 'a-otra', 'a-b']);
    } finally {
      await supervisor.detenerTodo();
    }
  });

  it('pausar detiene al proceso y a sus descendientes aunque dejen su grupo, reanudar los deja seguir, y uno pausado se puede detener', async () => {
    const supervisor = new Supervisor(dir, 'prueba-pausa');
    const latidos = path.join(dir, 'latidos');
    const pidLatidos = path.join(dir, 'pid-latidos');
    const cuenta = () => (fs.existsSync(latidos) ? fs.readFileSync(latidos, 'utf8').length : 0);
    const esperarLatido = async (desde: number) => {
      const limite = Date.now() + 10_000;
      while (cuenta() <= desde && Date.now() < limite) await new Promise((r) => setTimeout(r, 20));
      return cuenta() > desde;
    };
    // the beating descendant leaves the group (setsid), as Postgres' backends do
    const latir = `echo $$ > ${pidLatidos}; while :; do printf . >> ${latidos}; sleep 0.02; done`;
    await supervisor.iniciar({
      nombre: 'latidos',
      comando: 'sh',
      args: ['-c', `setsid sh -c '${latir}' & exec sleep 300`],
      puertos: {},
      listo: async () => cuenta() > 0,
      tiempoMaximoArranqueMs: 10_000,
    });
    const pid = supervisor.estado('latidos').pid!;
    const descendiente = Number(fs.readFileSync(pidLatidos, 'utf8'));
    try {
      const grupo = (p: number) => fs.readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1]!.split(' ')[2];
      expect(grupo(descendiente), 'the descendant has a group of its own').to.not.equal(grupo(pid));
      supervisor.pausar('latidos');
      const pausado = cuenta();
      await new Promise((r) => setTimeout(r, 300)); // fifteen beats' time: none may come
      expect(cuenta(), 'no beats while paused').to.be.at.most(pausado + 1); // one already under way
      expect(vivo(pid) && vivo(descendiente)).to.equal(true);
      supervisor.reanudar('latidos');
      expect(await esperarLatido(cuenta()), 'beats again').to.equal(true);
      supervisor.pausar('latidos');
      await supervisor.detenerTodo();
      expect(vivo(pid), 'stopped while paused').to.equal(false);
      expect(await esperarLatido(cuenta()), 'the descendant resumed, not left stopped').to.equal(true);
    } finally {
      await supervisor.detenerTodo();
      try {
        process.kill(descendiente, 'SIGKILL'); // outside the group: the supervisor does not end it
      } catch {
        // already gone
      }
    }
  });

  it('un arranque siguiente limpia lo que dejó un supervisor muerto', async () => {
    const supervisor = new Supervisor(dir, 'prueba-huerfanos');
    await supervisor.iniciar({
      nombre: 'huerfano',
      comando: 'sleep',
      args: ['300'],
      puertos: {},
      listo: async () => true,
      tiempoMaximoArranqueMs: 5_000,
    });
    const pid = supervisor.estado('huerfano').pid!;
    new Supervisor(dir, 'prueba-huerfanos'); // as if the first one had been kill -9'd
    const limite = Date.now() + 5_000;
    while (vivo(pid) && Date.now() < limite) await new Promise((r) => setTimeout(r, 50));
    expect(vivo(pid)).to.equal(false);
  });
});
