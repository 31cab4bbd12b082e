// Preloaded into the Node services by `npm run bench -- --perfilar DIR` (NODE_OPTIONS=--require this
// file; Node 20 refuses --cpu-prof there): samples the CPU from start to exit and writes a V8
// .cpuprofile (open it in Chrome DevTools or speedscope) named after the service.
import * as fs from 'node:fs';
import * as inspector from 'node:inspector';
import * as path from 'node:path';

export const VARIABLE_DIR_PERFILES = 'ALPES_BENCH_DIR_PERFILES';

const dir = process.env[VARIABLE_DIR_PERFILES];
if (dir) {
  const sesion = new inspector.Session();
  sesion.connect();
  sesion.post('Profiler.enable');
  sesion.post('Profiler.start');
  // In-process sessions answer synchronously, so the profile can be written from 'exit'.
  process.on('exit', () => {
    sesion.post('Profiler.stop', (error, r) => {
      if (error) return;
      const servicio = path.basename(path.resolve(process.argv[1] ?? 'node', '../../..'));
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, `${servicio}-${process.pid}.cpuprofile`), JSON.stringify(r.profile));
    });
  });
}
