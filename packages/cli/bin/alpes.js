#!/usr/bin/env node
// The `alpes` command. Committed rather than pointing bin at dist/: npm links a bin only if its file
// exists at install time, and dist/ appears later (npm start / npm run build).
let cli;
try {
  cli = require('../dist/src/main.js');
} catch (error) {
  if (error.code !== 'MODULE_NOT_FOUND' || !String(error.message).includes('dist/src/main.js')) throw error;
  process.stderr.write(
    'alpes: la CLI aún no está compilada; en la raíz del repositorio: npm run build (o npm start)\n',
  );
  process.exit(1);
}
cli.comoComando();
