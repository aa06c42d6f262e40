#!/usr/bin/env node
import { runCli } from './program';

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`owh: ${String(error?.stack ?? error)}\n`);
    process.exitCode = 70;
  },
);
