// A process's descendants by parent pid (/proc), whatever their process group: Postgres' backends, for
// one, call setsid() and so leave the group a signal to -pid reaches.
import * as fs from 'node:fs';

/** Every live process descending from `pid` (not `pid` itself), parents before their children. */
export function descendientes(pid: number): number[] {
  const hijos = new Map<number, number[]>();
  for (const entrada of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entrada)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${entrada}/stat`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so read after the last ')'
    const padre = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    hijos.set(padre, [...(hijos.get(padre) ?? []), Number(entrada)]);
  }
  const orden: number[] = [];
  for (let pendientes = [pid]; pendientes.length > 0;) {
    const siguientes = pendientes.flatMap((p) => hijos.get(p) ?? []);
    orden.push(...siguientes);
    pendientes = siguientes;
  }
  return orden;
}
