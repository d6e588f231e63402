#!/usr/bin/env node
import { runCli } from './cli/run.js';

runCli(process.argv, async () => (await import('./cli/main.js')).main);
