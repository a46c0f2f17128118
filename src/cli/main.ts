#!/usr/bin/env node
import { buildProgram } from './program.js';
import { processIo, reportError } from './run.js';

try {
  await buildProgram(processIo).parseAsync(process.argv);
} catch (e) {
  process.exitCode = reportError(e, processIo, process.argv.includes('json'));
}
