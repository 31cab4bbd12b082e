// Waits until nothing is pending on the system's topics (every subscription's backlog and unacked
// messages at 0), so one drill's leftovers do not slow down the next one's settlements.
import { TOPICOS } from '@alpes/contratos';
import type { SistemaConControl } from './sistema-con-control';

export async function esperarSistemaOcioso(s: SistemaConControl, plazoMs: number): Promise<void> {
  const admin = `http://127.0.0.1:${s.sistema.entorno.puertos.pulsarAdmin}/admin/v2/persistent/public/default`;
  const limite = Date.now() + plazoMs;
  for (;;) {
    const pendiente: Record<string, number> = {};
    for (const topico of Object.values(TOPICOS)) {
      const r = await fetch(`${admin}/${topico}/stats`).catch(() => undefined);
      if (!r?.ok) continue; // not created yet: nothing pending on it
      const stats = (await r.json()) as {
        subscriptions?: Record<string, { msgBacklog?: number; unackedMessages?: number }>;
      };
      for (const [sub, x] of Object.entries(stats.subscriptions ?? {})) {
        const n = (x.msgBacklog ?? 0) + (x.unackedMessages ?? 0);
        if (n > 0) pendiente[`${topico}/${sub}`] = n;
      }
    }
    if (Object.keys(pendiente).length === 0) return;
    if (Date.now() > limite) {
      throw new Error(
        `the system still had pending messages after ${plazoMs} ms: ${JSON.stringify(pendiente)}`,
      );
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
}
