// The public gRPC port with TLS (as prod values configure it): a plaintext client cannot talk to it,
// a client trusting the CA can; reflection can be turned off.
import * as grpc from '@grpc/grpc-js';
import { expect } from 'chai';
import {
  crearCertificadoTls,
  crearServidorGrpc,
  loggerNulo,
  type CertificadoTls,
  type ServidorGrpc,
} from '../../src';
import { consultarSalud as consultarSaludDe, puertoLibre } from '../../src/pruebas';

const REFLEXION = '/grpc.reflection.v1.ServerReflection/ServerReflectionInfo';
const identidad = (b: Buffer) => b;
// the certificate names 127.0.0.1 and localhost; SNI takes a host name, not an address
const NOMBRE_TLS = { 'grpc.ssl_target_name_override': 'localhost' };

/** grpc.health.v1 Check with the certificate's host name for SNI. */
const consultarSalud = (direccion: string, credenciales: grpc.ChannelCredentials) =>
  consultarSaludDe(direccion, { credenciales, opcionesCanal: NOMBRE_TLS });

describe('servidor gRPC con TLS', function () {
  this.timeout(20_000);
  let cert: CertificadoTls;
  let servidor: ServidorGrpc;
  let direccion: string;
  let puertoSalud: number;

  before(async () => {
    cert = crearCertificadoTls();
    puertoSalud = await puertoLibre();
    servidor = crearServidorGrpc({
      servicios: [],
      logger: loggerNulo,
      tls: { certificado: cert.certificado, clave: cert.clave },
      reflexion: false,
      puertoSaludPlano: puertoSalud,
    });
    direccion = `127.0.0.1:${await servidor.iniciar('127.0.0.1:0')}`;
  });
  after(async () => {
    await servidor?.detener(1_000);
    cert?.eliminar();
  });

  it('un cliente en texto plano no obtiene respuesta del puerto TLS', async () => {
    const r = await consultarSalud(direccion, grpc.credentials.createInsecure());
    expect(r.codigo).to.equal(grpc.status.UNAVAILABLE);
  });

  it('un cliente TLS que confía en la CA obtiene SERVING', async () => {
    const r = await consultarSalud(direccion, grpc.credentials.createSsl(cert.certificado));
    expect(r).to.deep.equal({ codigo: 0, estado: 1 });
  });

  it('health también responde en texto plano en su propio puerto (sondas del kubelet)', async () => {
    const r = await consultarSalud(`127.0.0.1:${puertoSalud}`, grpc.credentials.createInsecure());
    expect(r).to.deep.equal({ codigo: 0, estado: 1 });
  });

  it('un cliente TLS que no confía en la CA no conecta', async () => {
    const r = await consultarSalud(direccion, grpc.credentials.createSsl());
    expect(r.codigo).to.equal(grpc.status.UNAVAILABLE);
  });

  it('sin reflexión, el servicio de reflexión no existe', async () => {
    const cliente = new grpc.Client(direccion, grpc.credentials.createSsl(cert.certificado), NOMBRE_TLS);
    const codigo = await new Promise<number>((resolve) => {
      const flujo = cliente.makeBidiStreamRequest(REFLEXION, identidad, identidad);
      flujo.on('error', (e: grpc.ServiceError) => resolve(e.code));
      flujo.on('data', () => resolve(0));
      flujo.write(Buffer.from([0x3a, 0x01, 0x2a])); // list_services: "*"
      flujo.end();
    });
    cliente.close();
    expect(codigo).to.equal(grpc.status.UNIMPLEMENTED);
  });
});
