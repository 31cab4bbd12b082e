// CPU time per component of the system, from /proc: a component is a supervised process and every
// descendant of it (Postgres backends included; they leave the process group, so the tree is
// followed by parent pid), plus what its processes reaped. Differences between two samples say
// where a run's time went.
import * as fs from 'node:fs';
import type { Supervisor } from '@alpes/entorno';

/** CPU seconds by component name (supervisor process names, plus 'bench' for this process). */
export type CpuPorComponente = Record<string, number>;

const TICKS_POR_S = 100; // USER_HZ on Linux

interface Stat {
  ppid: number;
  /** utime + stime + cutime + cstime: the process and its reaped children. */
  ticks: number;
}

function leerStat(pid: number): Stat | undefined {
  try {
    const texto = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // the command name may hold spaces and parentheses: fields start after the last ')'
    const campos = texto.slice(texto.lastIndexOf(')') + 2).split(' ');
    const n = (campo: number) => Number(campos[campo - 3]);
    return { ppid: n(4), ticks: n(14) + n(15) + n(16) + n(17) };
  } catch {
    return undefined; // gone meanwhile
  }
}

export function muestrearCpu(supervisor: Supervisor): CpuPorComponente {
  const raices = new Map<number, string>();
  for (const nombre of supervisor.nombres()) {
    const e = supervisor.estado(nombre);
    if (e.vivo && e.pid) raices.set(e.pid, nombre);
  }
  let pids: number[] = [];
  try {
    pids = fs
      .readdirSync('/proc')
      .filter((d) => /^\d+$/.test(d))
      .map(Number);
  } catch {
    return {}; // not Linux
  }
  const stats = new Map<number, Stat>();
  for (const pid of pids) {
    const s = leerStat(pid);
    if (s) stats.set(pid, s);
  }
  const componente = (pid: number): string | undefined => {
    for (let p = pid, saltos = 0; p > 1 && saltos < 10; saltos++) {
      const nombre = raices.get(p);
      if (nombre) return nombre;
      p = stats.get(p)?.ppid ?? 0;
    }
    return undefined;
  };
  const resultado: CpuPorComponente = {};
  for (const [pid, s] of stats) {
    const nombre = componente(pid);
    if (!nombre) continue;
    resultado[nombre] = (resultado[nombre] ?? 0) + s.ticks / TICKS_POR_S;
    const base = nombre === 'postgres' ? baseDelBackend(pid) : undefined;
    if (base) resultado[`${nombre}/${base}`] = (resultado[`${nombre}/${base}`] ?? 0) + s.ticks / TICKS_POR_S;
  }
  const propio = process.cpuUsage();
  resultado.bench = (propio.user + propio.system) / 1e6;
  const maquina = cpuMaquina();
  if (maquina !== undefined) resultado[MAQUINA] = maquina;
  return resultado;
}

const MAQUINA = '(máquina)';

/**
 * 'postgres/<database>': the part of Postgres' CPU its backends connected to that database used (a backend's
 * title is `postgres: <user> <database> <host>(<port>) <state>`); the rest (postmaster, WAL writer, autovacuum,
 * exited backends) stays only in 'postgres'. A part, not a component: totals leave it out.
 */
export function esParte(clave: string): boolean {
  return clave.includes('/');
}

/** The database a Postgres process title names, for client backends only (not 'logical replication launcher'). */
export function baseDeTitulo(titulo: string): string | undefined {
  return /^postgres: \S+ (\S+) (?:\S+\(\d+\)|\[local\])/.exec(titulo)?.[1];
}

function baseDelBackend(pid: number): string | undefined {
  try {
    return baseDeTitulo(fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' '));
  } catch {
    return undefined;
  }
}

/** Busy CPU seconds of the whole machine since boot (/proc/stat: all but idle and iowait). */
function cpuMaquina(): number | undefined {
  try {
    const linea = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
    const [, ...valores] = linea.trim().split(/\s+/);
    const [user, nice, system, _idle, _iowait, irq, softirq, steal] = valores.map(Number);
    return (
      ((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0)) / TICKS_POR_S
    );
  } catch {
    return undefined;
  }
}

/** CPU seconds spent by each component between two samples. */
/** 'ajenos': what processes outside the system and the bench used meanwhile (other work on the machine). */
export function diferencia(antes: CpuPorComponente, despues: CpuPorComponente): CpuPorComponente {
  const r: CpuPorComponente = {};
  let propios = 0;
  for (const [nombre, s] of Object.entries(despues)) {
    if (nombre === MAQUINA) continue;
    r[nombre] = Math.round((s - (antes[nombre] ?? 0)) * 100) / 100;
    if (!esParte(nombre)) propios += r[nombre];
  }
  const maquina = despues[MAQUINA];
  if (maquina !== undefined && antes[MAQUINA] !== undefined) {
    r.ajenos = Math.max(0, Math.round((maquina - antes[MAQUINA] - propios) * 100) / 100);
  }
  return r;
}
