// `--pubsub name=value`: overrides metadata of the pubsub component in the test runtime's copy of
// components/ (never components/ itself), to measure a setting before proposing it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseDocument } from 'yaml';

export function ajustarPubsub(dirRecursos: string, valores: Record<string, string>): void {
  const archivo = path.join(dirRecursos, 'pubsub.yaml');
  const doc = parseDocument(fs.readFileSync(archivo, 'utf8'));
  const metadata = doc.toJSON().spec.metadata as { name: string; value: string }[];
  for (const [name, value] of Object.entries(valores)) {
    const fila = metadata.find((m) => m.name === name);
    if (fila) fila.value = value;
    else metadata.push({ name, value });
  }
  doc.setIn(['spec', 'metadata'], doc.createNode(metadata));
  fs.writeFileSync(archivo, doc.toString());
}
