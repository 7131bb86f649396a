// Runs a wasm32-wasi program under Node's WASI (used by tests/cross/run.sh for the wasm target).
//
//   node tests/cross/wasi_run.mjs PROGRAM.wasm [ARGS...]
//
// WASI_DIRS: ':'-separated host directories made visible to the program at the same absolute path;
// the current directory is always visible as '.', so relative paths work as they do natively.
// WASI_ENV: ','-separated names of environment variables handed to the program (nothing else is).
// Exits with the program's exit status.
import { readFile } from 'node:fs/promises';
import { WASI } from 'node:wasi';
import process from 'node:process';

const [wasmPath, ...args] = process.argv.slice(2);
if (!wasmPath) {
    process.stderr.write('usage: node wasi_run.mjs PROGRAM.wasm [ARGS...]\n');
    process.exit(2);
}
const preopens = { '.': process.cwd() };
for (const dir of (process.env.WASI_DIRS || '').split(':').filter(Boolean)) preopens[dir] = dir;
const env = {};
for (const name of (process.env.WASI_ENV || '').split(',').filter(Boolean)) {
    if (process.env[name] !== undefined) env[name] = process.env[name];
}
const wasi = new WASI({ version: 'preview1', args: [wasmPath, ...args], env, preopens, returnOnExit: true });
const module = await WebAssembly.compile(await readFile(wasmPath));
const imports = { wasi_snapshot_preview1: wasi.wasiImport };
const instance = await WebAssembly.instantiate(module, imports);
process.exitCode = wasi.start(instance);
