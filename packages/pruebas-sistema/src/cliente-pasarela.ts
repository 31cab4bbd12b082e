// The PSP stand-in's admin API (DESIGN §6), as tests and the bench use it.

export interface Transferencia {
  id: string;
  id_pago: string;
  id_influencer: string;
  monto: { moneda: string; unidades_menores: string | number };
}

export class ClientePasarela {
  constructor(private readonly base: string) {}

  async transferencias(idPago?: string): Promise<Transferencia[]> {
    const url = `${this.base}/admin/transferencias${idPago ? `?id_pago=${encodeURIComponent(idPago)}` : ''}`;
    const cuerpo = (await this.pedir('GET', url)) as { transferencias?: Transferencia[] } | Transferencia[];
    return Array.isArray(cuerpo) ? cuerpo : (cuerpo.transferencias ?? []);
  }

  async estado(): Promise<{ solicitudes: Record<string, number>; transferencias: number }> {
    return (await this.pedir('GET', `${this.base}/admin/estado`)) as never;
  }

  bloquear = () => this.pedir('POST', `${this.base}/admin/bloquear`);
  permitir = () => this.pedir('POST', `${this.base}/admin/permitir`);
  reiniciar = () => this.pedir('POST', `${this.base}/admin/reiniciar`);
  fallas = (f: {
    tasa_error?: number;
    latencia_ms?: number;
    latencia_respuesta_ms?: number;
    rechazar_influencers?: string[];
  }) => this.pedir('PUT', `${this.base}/admin/fallas`, f);

  private async pedir(metodo: string, url: string, cuerpo?: unknown): Promise<unknown> {
    const r = await fetch(url, {
      method: metodo,
      headers: cuerpo ? { 'content-type': 'application/json' } : {},
      body: cuerpo ? JSON.stringify(cuerpo) : undefined,
    });
    const texto = await r.text();
    if (!r.ok) throw new Error(`${metodo} ${url} -> ${r.status} ${texto}`);
    return texto ? JSON.parse(texto) : undefined;
  }
}
