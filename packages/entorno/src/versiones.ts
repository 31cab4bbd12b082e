// Pinned versions of everything the local runtime provisions. Changing one rebuilds its cache entry.
export const VERSIONES = {
  // 1.18.x carries the Pulsar component fixes; 1.18.3's deps (durabletask-go v0.12.4, avro v2.33.1)
  // are not served by the Go module proxy here, 1.18.2's are.
  dapr: 'v1.18.2',
  // 4.0.x LTS runs on Java 17; 4.0.8's jetcd-core-shaded is missing from Maven Central, 4.0.7 resolves.
  pulsar: '4.0.7',
  // for the README's examples (and their test)
  grpcurl: 'v1.9.3',
  // renders and installs the chart (packages/despliegue, packages/cluster)
  helm: 'v3.22.0',
} as const;
