// gRPC server bootstrap shared by the services: grpc.health.v1, server reflection (from the contracts'
// FileDescriptorSet, so grpcurl needs no proto files) and graceful shutdown.
import * as grpc from '@grpc/grpc-js';
import { ReflectionService } from '@grpc/reflection';
import { HealthImplementation } from 'grpc-health-check';
import { RUTA_DESCRIPTOR } from '@alpes/contratos';
import type { Logger } from '../registro';
import { apagarConPlazo } from './apagado';
import { definicionReflexion, serviciosReflejados } from './reflexion';

/** One service to serve: its grpc-js definition, implementation and full name (for health status). */
export interface ServicioGrpc {
  nombre: string;
  definicion: grpc.ServiceDefinition;
  implementacion: grpc.UntypedServiceImplementation;
}

/** Options of crearServidorGrpc. */
export interface OpcionesServidorGrpc {
  servicios: ServicioGrpc[];
  logger: Logger;
  /** FileDescriptorSet for reflection (default: the contracts' RUTA_DESCRIPTOR). */
  rutaDescriptor?: string;
  /** grpc-js channel options (e.g. grpc.max_receive_message_length). */
  opcionesCanal?: grpc.ServerOptions;
  /** Serve TLS with this certificate chain and key (PEM); plaintext without it. */
  tls?: TlsServidor;
  /** Serve server reflection (default true; prod turns it off). */
  reflexion?: boolean;
  /**
   * With TLS: also serve grpc.health.v1 alone, in plaintext, on this port of the same host, for
   * probes that cannot speak TLS (the kubelet's gRPC probe). 0 or absent: no such listener.
   */
  puertoSaludPlano?: number;
}

/** PEM certificate chain and private key of a TLS listener. */
export interface TlsServidor {
  certificado: Buffer;
  clave: Buffer;
}

/** A server built by crearServidorGrpc. Add more services (e.g. the Dapr AppCallback) before iniciar(). */
export interface ServidorGrpc {
  servidor: grpc.Server;
  salud: HealthImplementation;
  /** Binds `direccion` (e.g. '0.0.0.0:50051', port 0 = any) with TLS if configured, marks SERVING; resolves the bound port. */
  iniciar(direccion: string): Promise<number>;
  /** Health NOT_SERVING, stop accepting calls, let in-flight ones finish up to `plazoMs`, then force. */
  detener(plazoMs?: number): Promise<void>;
}

/** Creates the server with health and reflection registered; see ServidorGrpc. */
export function crearServidorGrpc(opciones: OpcionesServidorGrpc): ServidorGrpc {
  const logger = opciones.logger.hijo({ componente: 'servidor-grpc' });
  const servidor = new grpc.Server(opciones.opcionesCanal);
  const nombres = opciones.servicios.map((s) => s.nombre);
  const salud = new HealthImplementation(Object.fromEntries(['', ...nombres].map((n) => [n, 'NOT_SERVING'])));
  salud.addToServer(servidor);
  // Only our services and health: the descriptor also holds the other service's API.
  if (opciones.reflexion ?? true) {
    const descriptor = definicionReflexion(opciones.rutaDescriptor ?? RUTA_DESCRIPTOR);
    new ReflectionService(descriptor, { services: serviciosReflejados(nombres) }).addToServer(servidor);
  }
  for (const s of opciones.servicios) servidor.addService(s.definicion, s.implementacion);

  // health alone, for plaintext probes beside a TLS port
  const servidorSalud = opciones.tls && opciones.puertoSaludPlano ? new grpc.Server() : undefined;
  if (servidorSalud) salud.addToServer(servidorSalud);

  const marcar = (estado: 'SERVING' | 'NOT_SERVING') => {
    for (const n of ['', ...nombres]) salud.setStatus(n, estado);
  };

  return {
    servidor,
    salud,
    async iniciar(direccion) {
      const puerto = await new Promise<number>((resolve, reject) =>
        servidor.bindAsync(direccion, credencialesServidor(opciones.tls), (error, p) =>
          error ? reject(error) : resolve(p),
        ),
      );
      if (servidorSalud) {
        const host = direccion.slice(0, direccion.lastIndexOf(':'));
        await new Promise<number>((resolve, reject) =>
          servidorSalud.bindAsync(
            `${host}:${opciones.puertoSaludPlano}`,
            grpc.ServerCredentials.createInsecure(),
            (error, p) => (error ? reject(error) : resolve(p)),
          ),
        );
      }
      marcar('SERVING');
      logger.info('servidor gRPC escuchando', {
        direccion,
        puerto,
        tls: Boolean(opciones.tls),
        puerto_salud_plano: servidorSalud ? opciones.puertoSaludPlano : undefined,
      });
      return puerto;
    },
    async detener(plazoMs = 10_000) {
      marcar('NOT_SERVING');
      servidorSalud?.forceShutdown();
      await apagarConPlazo(servidor, plazoMs, () =>
        logger.warn('llamadas en curso no terminaron a tiempo; se fuerza el cierre', { plazo_ms: plazoMs }),
      );
      logger.info('servidor gRPC detenido');
    },
  };
}

function credencialesServidor(tls: TlsServidor | undefined): grpc.ServerCredentials {
  if (!tls) return grpc.ServerCredentials.createInsecure();
  return grpc.ServerCredentials.createSsl(
    null,
    [{ cert_chain: tls.certificado, private_key: tls.clave }],
    false,
  );
}
