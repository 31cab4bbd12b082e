import * as fs from 'node:fs';
import { loadFileDescriptorSetFromBuffer, PackageDefinition } from '@grpc/proto-loader';
import { FileDescriptorProto, FileDescriptorSet } from 'protobufjs/ext/descriptor';

const SALUD = 'grpc.health.v1.Health';

/**
 * What server reflection serves: our contracts, grpc.health.v1 and google.rpc.BadRequest (all in the
 * contracts' descriptor set), so grpcurl needs no proto file and decodes our error details.
 * proto-loader re-serialises descriptors with relative type names and no imports, which grpcurl
 * cannot resolve across files (e.g. pagos.v1.Pago -> comun.v1.Monto); the files buf built are
 * served as they are instead.
 */
export function definicionReflexion(rutaDescriptor: string): PackageDefinition {
  const bytes = fs.readFileSync(rutaDescriptor);
  const originales = (FileDescriptorSet.decode(bytes) as unknown as { file: unknown[] }).file.map((f) =>
    FileDescriptorProto.encode(f as never).finish(),
  );
  const definicion: PackageDefinition = {};
  for (const [nombre, d] of Object.entries(loadFileDescriptorSetFromBuffer(bytes))) {
    definicion[nombre] = { ...d, fileDescriptorProtos: originales } as PackageDefinition[string];
  }
  return definicion;
}

/** Services listed by reflection: ours and health. */
export function serviciosReflejados(nombres: string[]): string[] {
  return [...nombres, SALUD];
}
