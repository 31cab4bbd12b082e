#!/usr/bin/env node
// `npm run provision`: builds/fetches daprd, the Pulsar jars and checks Postgres, without starting anything.
import { aprovisionarTodo } from '../aprovisionamiento';
import { ejecutarCli } from './ejecutar';

ejecutarCli(aprovisionarTodo);
