import * as grpc from '@grpc/grpc-js';
import { expect } from 'chai';
import {
  CLAVE_DETALLES_ERROR,
  ErrorConcurrencia,
  ErrorDominio,
  ErrorSaturacion,
  aErrorGrpc,
  crearLogger,
  decodificarViolaciones,
} from '../../src';

describe('mapeo de errores a estados gRPC', () => {
  const lineas: string[] = [];
  const logger = crearLogger({ servicio: 'prueba', escribir: (l) => lineas.push(l) });

  it('invalido -> INVALID_ARGUMENT con BadRequest que nombra el campo', () => {
    const estado = aErrorGrpc(ErrorDominio.invalido('monto.moneda', 'moneda desconocida: XXX'), logger);
    expect(estado.code).to.equal(grpc.status.INVALID_ARGUMENT);
    expect(estado.details).to.equal('moneda desconocida: XXX');
    const [detalles] = estado.metadata!.get(CLAVE_DETALLES_ERROR);
    expect(decodificarViolaciones(detalles as Buffer)).to.deep.equal([
      { campo: 'monto.moneda', descripcion: 'moneda desconocida: XXX' },
    ]);
  });

  it('cada tipo de error tiene su código', () => {
    expect(aErrorGrpc(ErrorDominio.noEncontrado('id_pago', 'x'), logger).code).to.equal(
      grpc.status.NOT_FOUND,
    );
    expect(aErrorGrpc(ErrorDominio.conflicto('clave_idempotencia', 'x'), logger).code).to.equal(
      grpc.status.ALREADY_EXISTS,
    );
    expect(aErrorGrpc(ErrorDominio.precondicion('estado', 'x'), logger).code).to.equal(
      grpc.status.FAILED_PRECONDITION,
    );
    expect(aErrorGrpc(new ErrorConcurrencia('x'), logger).code).to.equal(grpc.status.ABORTED);
  });

  it('una cola llena (saturación) sale como RESOURCE_EXHAUSTED con su mensaje, sin registrarse', () => {
    const antes = lineas.length;
    const estado = aErrorGrpc(new ErrorSaturacion('solicitudes de pago: 2000 en espera'), logger);
    expect(estado.code).to.equal(grpc.status.RESOURCE_EXHAUSTED);
    expect(estado.details).to.equal('solicitudes de pago: 2000 en espera');
    expect(lineas.length).to.equal(antes);
  });

  it('un error inesperado sale como INTERNAL sin detalles internos y queda registrado', () => {
    const estado = aErrorGrpc(new Error('column "x" does not exist'), logger);
    expect(estado.code).to.equal(grpc.status.INTERNAL);
    expect(estado.details).to.equal('error interno');
    expect(lineas.some((l) => l.includes('column \\"x\\" does not exist'))).to.equal(true);
  });

  it('una base de datos caída o reiniciándose sale como UNAVAILABLE, para que el cliente reintente', () => {
    const rechazada = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5433'), {
      code: 'ECONNREFUSED',
    });
    const apagandose = Object.assign(new Error('terminating connection due to administrator command'), {
      code: '57P01',
    });
    const sinConexiones = Object.assign(new Error('Knex: Timeout acquiring a connection.'), {
      name: 'KnexTimeoutError',
    });
    for (const error of [
      rechazada,
      apagandose,
      sinConexiones,
      new Error('Connection terminated unexpectedly'),
    ]) {
      const estado = aErrorGrpc(error, logger);
      expect(estado.code, error.message).to.equal(grpc.status.UNAVAILABLE);
      expect(estado.details).to.not.include('5433');
    }
  });
});
