import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { NOMBRES } from '@alpes/contratos';
import {
  daprd,
  grpcSirviendo,
  httpResponde,
  postgres,
  pulsar,
  servicioNode,
  urlPostgres,
} from './componentes';
import { prepararBasesDeDatos, variablesBaseDatos } from './bases-de-datos';
import { variablesCredencialLocal } from './credencial';
import { Supervisor } from './procesos/supervisor';
import { Puertos } from './puertos-locales';
import type { TokensDapr } from './tokens-dapr';

// The whole system as `npm start` runs it (and the end-to-end tests, on their own ports):
// Postgres + Pulsar, then pasarela-simulada, then each service beside its own daprd.

export { BASES_DE_DATOS } from './bases-de-datos';

export async function iniciarInfraestructura(
  supervisor: Supervisor,
  p: Puertos,
  dirDatos: string,
): Promise<void> {
  await Promise.all([
    supervisor.iniciar(postgres(dirDatos, p.postgres)),
    supervisor.iniciar(pulsar(dirDatos, { binario: p.pulsar, admin: p.pulsarAdmin, bookie: p.pulsar + 1 })),
  ]);
  await prepararBasesDeDatos(urlPostgres(p.postgres));
}

export interface OpcionesServicios {
  /** Dapr resources folder (components/ or a copy pointing at moved ports). */
  recursos?: string;
  nivelLog?: string;
  /** This run's Dapr API tokens (generarTokensDapr), given to every app and daprd. */
  tokens: TokensDapr;
}

export async function iniciarServicios(
  supervisor: Supervisor,
  p: Puertos,
  o: OpcionesServicios,
): Promise<void> {
  const comun = { NIVEL_LOG: o.nivelLog ?? process.env.NIVEL_LOG ?? 'info' };
  const credencial = variablesCredencialLocal(); // pasarela-simulada has no gRPC API: only the two services
  // the PSP's API key of this run: pasarela-simulada requires it as a bearer token, liquidacion sends it
  const credencialPasarela = randomBytes(24).toString('base64url');
  await supervisor.iniciar(
    servicioNode(
      'pasarela-simulada',
      { ...comun, PUERTO: String(p.pasarela), CREDENCIAL: credencialPasarela },
      () => httpResponde(`http://127.0.0.1:${p.pasarela}/admin/estado`, (e) => e === 200),
      { http: p.pasarela },
    ),
  );
  const servicios = [
    {
      appId: NOMBRES.appIds.pagos,
      grpc: p.pagosGrpc,
      appCallback: p.pagosAppCallback,
      dapr: {
        grpc: p.pagosDaprGrpc,
        http: p.pagosDaprHttp,
        interno: p.pagosDaprInterno,
        metricas: p.pagosDaprMetricas,
      },
      metricas: p.pagosMetricas,
      env: {} as Record<string, string>,
    },
    {
      appId: NOMBRES.appIds.liquidacion,
      grpc: p.liquidacionGrpc,
      appCallback: p.liquidacionAppCallback,
      dapr: {
        grpc: p.liquidacionDaprGrpc,
        http: p.liquidacionDaprHttp,
        interno: p.liquidacionDaprInterno,
        metricas: p.liquidacionDaprMetricas,
      },
      metricas: p.liquidacionMetricas,
      env: { URL_PASARELA: `http://127.0.0.1:${p.pasarela}`, CREDENCIAL_PASARELA: credencialPasarela },
    },
  ];
  for (const s of servicios) {
    await supervisor.iniciar(
      servicioNode(
        s.appId,
        {
          ...comun,
          ...s.env,
          ...credencial,
          APP_ID: s.appId,
          PUERTO_GRPC: String(s.grpc),
          PUERTO_APP_CALLBACK: String(s.appCallback),
          APP_API_TOKEN: o.tokens.app,
          DAPR_API_TOKEN: o.tokens.dapr,
          PUERTO_METRICAS: String(s.metricas),
          ...variablesBaseDatos(p.postgres, s.appId),
          DAPR_GRPC_PORT: String(s.dapr.grpc),
          DAPR_HTTP_PORT: String(s.dapr.http),
        },
        () => grpcSirviendo(`127.0.0.1:${s.grpc}`),
        { grpc: s.grpc, 'app-callback': s.appCallback, metrics: s.metricas },
      ),
    );
    await supervisor.iniciar(
      daprd({ appId: s.appId, appPuerto: s.appCallback, tokens: o.tokens, ...s.dapr, recursos: o.recursos }),
    );
  }
}

export function dirDatosDe(dirEntorno: string): string {
  return path.join(dirEntorno, 'datos');
}
