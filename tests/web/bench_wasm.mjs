// tests/web/bench_wasm.mjs: speed of a mamba2.wasm build under Node (V8, the engine of Chromium),
// to set beside the native levels: the same measurements example_generate prints.
//
//   node tests/web/bench_wasm.mjs [WASM] [MODEL] [--prompt T] [--gen N] [--runs R]
//
// Prefill of a T-token prompt, then N greedy steps; the best of R runs (after one warm-up run, as
// the engine compiles the module in tiers). Prints "prompt: T tokens, X tok/s" and
// "generation: N tokens, Y tok/s" like example_generate, so that
//   ./example_generate MODEL --ids ... -n N --temp 0 --ignore-eos --threads 1 --isa scalar|avx2
// gives the native figures for the same work.
import { readFileSync } from 'node:fs';
import { loadMamba2 } from '../../web/mamba2.mjs';

const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(name); if (i < 0) return dflt; const v = args[i + 1]; args.splice(i, 2); return v; };
const T = Number(opt('--prompt', '128')), N = Number(opt('--gen', '128')), R = Number(opt('--runs', '3'));
const [wasmPath = 'web/mamba2.wasm', modelPath = 'models/fable-3m.bin'] = args;

const m2 = await loadMamba2(readFileSync(wasmPath));
const model = m2.openModel(readFileSync(modelPath));
const ids = Array.from({ length: T }, (_, i) => (i * 37 + 11) % model.config.vocab_size); // as the ids in the README's command
let bestP = 0, bestG = 0, isa = '';
for (let r = 0; r <= R; r++) {
    const s = model.session(), smp = m2.sampler({ temperature: 0 });
    isa = s.isa;
    const t0 = performance.now();
    s.prefill(ids);
    const t1 = performance.now();
    for (let k = 0; k < N; k++) s.step(s.sample(smp));
    const t2 = performance.now();
    smp.close(); s.close();
    if (r === 0) continue; // warm-up
    bestP = Math.max(bestP, T / ((t1 - t0) / 1000));
    bestG = Math.max(bestG, N / ((t2 - t1) / 1000));
}
console.log(`kernels: ${isa}, 1 thread (${wasmPath}, ${readFileSync(wasmPath).length} bytes)`);
console.log(`prompt: ${T} tokens, ${bestP.toFixed(1)} tok/s`);
console.log(`generation: ${N} tokens, ${bestG.toFixed(1)} tok/s`);
model.close();
