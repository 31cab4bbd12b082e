import { expect } from 'chai';
import { Metricas } from '@alpes/seedwork';
import {
  AlertasConMetricas,
  contadorDeEntregas,
  PasarelaConMetricas,
} from '../../src/infraestructura/metricas-liquidacion';

describe('métricas de liquidacion: alertas y etiquetas acotadas', () => {
  it('un tópico que no es de liquidacion cuenta como "otro": quien entrega no crea series', async () => {
    const metricas = new Metricas('', { servicio: 'liquidacion' }, false);
    const contar = contadorDeEntregas(metricas);
    contar('pagos-solicitados', 'SUCCESS');
    contar('forjado-1', 'DROP');
    contar('forjado-2', 'DROP');
    const texto = await metricas.texto();
    expect(texto).to.match(/liquidacion_entregas_total\{[^}]*topico="otro"[^}]*\} 2\n/);
    expect(texto).to.not.contain('forjado');
  });

  it('401/403 de la pasarela suben el contador de credenciales rechazadas; un 503 no', async () => {
    const metricas = new Metricas('', { servicio: 'liquidacion' }, false);
    const respuestas = [
      { tipo: 'transitorio' as const, error: 'x', estadoHttp: 401, causa: 'credenciales' as const },
      { tipo: 'transitorio' as const, error: 'x', estadoHttp: 503 },
    ];
    const pasarela = new PasarelaConMetricas({ transferir: async () => respuestas.shift()! }, metricas);
    const solicitud = { idPago: 'p', idInfluencer: 'i', monto: undefined as never };
    await pasarela.transferir(solicitud);
    await pasarela.transferir(solicitud);
    expect(await metricas.texto()).to.match(
      /liquidacion_pasarela_credenciales_rechazadas_total\{[^}]*\} 1\n/,
    );
  });

  it('un evento discrepante sube su contador con el campo, nunca con el valor del evento', async () => {
    const metricas = new Metricas('', { servicio: 'liquidacion' }, false);
    new AlertasConMetricas(metricas).eventoDiscrepante('monto');
    expect(await metricas.texto()).to.match(
      /liquidacion_eventos_discrepantes_total\{campo="monto"[^}]*\} 1\n/,
    );
  });
});
