// gRPC server bootstrap shared by the services: grpc.health.v1, server reflection (from the contracts'
// FileDescriptorSet, so grpcurl needs no proto files) and graceful shutdown.
import * as grpc from '@grpc/grpc-js';
import { ReflectionService } from '@grpc/reflection';
import { HealthImplementation } from 'grpc-health-check';
import { RUTA_DESCRIPTOR } from '@alpes/contratos';
import type { Logger } from '../registro';
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
}

/** A server built by crearServidorGrpc. Add more services (e.g. the Dapr AppCallback) before iniciar(). */
export interface ServidorGrpc {
  servidor: grpc.Server;
  salud: HealthImplementation;
  /** Binds `direccion` (e.g. '0.0.0.0:50051', port 0 = any) insecurely, marks SERVING; resolves the bound port. */
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
  const descriptor = definicionReflexion(opciones.rutaDescriptor ?? RUTA_DESCRIPTOR);
  // Only our services and health: the descriptor also holds the other service's API.
  new ReflectionService(descriptor, { services: serviciosReflejados(nombres) }).addToServer(servidor);
  for (const s of opciones.servicios) servidor.addService(s.definicion, s.implementacion);

  const marcar = (estado: 'SERVING' | 'NOT_SERVING') => {
    for (const n of ['', ...nombres]) salud.setStatus(n, estado);
  };

  return {
    servidor,
    salud,
    async iniciar(direccion) {
      const puerto = await new Promise<number>((resolve, reject) =>
        servidor.bindAsync(direccion, grpc.ServerCredentials.createInsecure(), (error, p) =>
          error ? reject(error) : resolve(p),
        ),
      );
      marcar('SERVING');
      logger.info('servidor gRPC escuchando', { direccion, puerto });
      return puerto;
    },
    async detener(plazoMs = 10_000) {
      marcar('NOT_SERVING');
      await new Promise<void>((resolve) => {
        const forzar = setTimeout(() => {
          logger.warn('llamadas en curso no terminaron a tiempo; se fuerza el cierre', { plazo_ms: plazoMs });
          servidor.forceShutdown();
          resolve();
        }, plazoMs);
        servidor.tryShutdown(() => {
          clearTimeout(forzar);
          resolve();
        });
      });
      logger.info('servidor gRPC detenido');
    },
  };
}
