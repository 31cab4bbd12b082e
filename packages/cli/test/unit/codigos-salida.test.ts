import { expect } from 'chai';
import { status } from '@grpc/grpc-js';
import {
  ErrorConexion,
  ErrorDeUso,
  ErrorGrpc,
  ErrorHttp,
  SALIDA,
  codigoSalidaDe,
  mensajeDeError,
} from '../../src/codigos-salida';

const grpc = (codigo: status) => new ErrorGrpc('pagos', '127.0.0.1:50051', codigo, 'detalle');

describe('códigos de salida', () => {
  it('documenta 0 ok, 1 otro, 2 uso, 3 no encontrado, 4 rechazado, 5 no disponible', () => {
    expect(SALIDA).to.deep.equal({ ok: 0, otro: 1, uso: 2, noEncontrado: 3, rechazado: 4, noDisponible: 5 });
  });

  it('un error de uso sale con 2', () => {
    expect(codigoSalidaDe(new ErrorDeUso('mal', '--x'))).to.equal(2);
  });

  it('mapea los códigos gRPC', () => {
    expect(codigoSalidaDe(grpc(status.NOT_FOUND))).to.equal(3);
    for (const c of [status.INVALID_ARGUMENT, status.ALREADY_EXISTS, status.FAILED_PRECONDITION]) {
      expect(codigoSalidaDe(grpc(c)), status[c]).to.equal(4);
    }
    for (const c of [status.UNAVAILABLE, status.DEADLINE_EXCEEDED, status.RESOURCE_EXHAUSTED]) {
      expect(codigoSalidaDe(grpc(c)), status[c]).to.equal(5);
    }
    expect(codigoSalidaDe(grpc(status.INTERNAL))).to.equal(1);
    expect(codigoSalidaDe(grpc(status.UNKNOWN))).to.equal(1);
  });

  it('mapea las respuestas HTTP de la pasarela y los fallos de conexión', () => {
    expect(codigoSalidaDe(new ErrorHttp('pasarela', 404, 'x'))).to.equal(3);
    expect(codigoSalidaDe(new ErrorHttp('pasarela', 400, 'x'))).to.equal(4);
    expect(codigoSalidaDe(new ErrorHttp('pasarela', 422, 'x'))).to.equal(4);
    expect(codigoSalidaDe(new ErrorHttp('pasarela', 503, 'x'))).to.equal(5);
    expect(codigoSalidaDe(new ErrorHttp('pasarela', 500, 'x'))).to.equal(1);
    expect(codigoSalidaDe(new ErrorConexion('pasarela', 'http://h', 'ECONNREFUSED'))).to.equal(5);
  });

  it('cualquier otra excepción sale con 1', () => {
    expect(codigoSalidaDe(new TypeError('bug'))).to.equal(1);
    expect(codigoSalidaDe('texto')).to.equal(1);
  });

  it('el mensaje nombra el servicio, la dirección, el código y la opción a revisar', () => {
    expect(mensajeDeError(grpc(status.UNAVAILABLE))).to.match(
      /pagos en 127\.0\.0\.1:50051 no responde \(UNAVAILABLE\).*--pagos/,
    );
    expect(mensajeDeError(grpc(status.FAILED_PRECONDITION))).to.equal(
      'pagos en 127.0.0.1:50051 respondió FAILED_PRECONDITION: detalle',
    );
    expect(mensajeDeError(new ErrorConexion('pasarela', 'http://h:1', 'ECONNREFUSED'))).to.match(
      /--pasarela/,
    );
  });
});
