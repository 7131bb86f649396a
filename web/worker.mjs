// worker.mjs: generation off the page's thread (a module Web Worker).
//
// Messages in:  {type: 'load', wasm, model}            URLs of mamba2.wasm and the model file
//               {type: 'generate', prompt, n, temperature, topP, seed, ignoreEos}
//               {type: 'stop'}
// Messages out: {type: 'ready', version, isa, bytes, vocab, loadMs}
//               {type: 'text', text, tokens, tokPerSec, ids}  (pieces of the story as they come)
//               {type: 'done', reason: 'length'|'eos'|'stopped', tokens, tokPerSec, promptTokens, prefillMs}
//               {type: 'error', message}
// The loop gives the worker's event loop a turn every SLICE_MS, so a 'stop' is seen within that.
import { loadMamba2 } from './mamba2.mjs';

const SLICE_MS = 30;
let m2 = null, model = null, stopRequested = false, busy = false;

const turn = () => new Promise((resolve) => setTimeout(resolve, 0));

async function load(msg) {
    const t0 = performance.now();
    m2 = await loadMamba2(new URL(msg.wasm, self.location.href));
    const resp = await fetch(new URL(msg.model, self.location.href));
    if (!resp.ok) throw new Error('cannot fetch ' + msg.model + ': ' + resp.status);
    const bytes = new Uint8Array(await resp.arrayBuffer());
    model = m2.openModel(bytes);
    const s = model.session();
    const isa = s.isa;
    s.close();
    postMessage({ type: 'ready', version: m2.version, isa, bytes: bytes.length, vocab: model.config.vocab_size,
                  loadMs: performance.now() - t0 });
}

// As examples/example_generate.c: prefill the prompt, then sample, stop at EOS (unless ignoreEos,
// like its --ignore-eos), decode, step.
async function generate(msg) {
    const s = model.session();
    const smp = m2.sampler({ temperature: msg.temperature ?? 0.8, topP: msg.topP ?? 0.9, seed: (msg.seed ?? 42) + 1 });
    const dec = model.decoder();
    let tokens = 0, reason = 'length', pending = '', ids = [];
    try {
        const prompt = model.tokenize(msg.prompt || 'Once upon a time');
        const t0 = performance.now();
        s.prefill(prompt);
        const t1 = performance.now();
        const rate = () => tokens / Math.max((performance.now() - t1) / 1000, 1e-9);
        let slice = performance.now();
        for (; tokens < msg.n; ) {
            const id = s.sample(smp);
            if (id === model.config.eos_id && !msg.ignoreEos) { reason = 'eos'; break; }
            pending += dec.feed(id);
            ids.push(id);
            s.step(id);
            tokens++;
            if (performance.now() - slice >= SLICE_MS) {
                postMessage({ type: 'text', text: pending, tokens, tokPerSec: rate(), ids });
                pending = ''; ids = [];
                await turn(); // a 'stop' message runs here
                slice = performance.now();
                if (stopRequested) { reason = 'stopped'; break; }
            }
        }
        pending += dec.flush();
        postMessage({ type: 'text', text: pending, tokens, tokPerSec: rate(), ids });
        postMessage({ type: 'done', reason, tokens, tokPerSec: rate(), promptTokens: prompt.length, prefillMs: t1 - t0 });
    } finally {
        dec.close(); smp.close(); s.close();
    }
}

self.onmessage = async (e) => {
    const msg = e.data;
    try {
        if (msg.type === 'load') await load(msg);
        else if (msg.type === 'stop') stopRequested = true;
        else if (msg.type === 'generate') {
            if (busy) throw new Error('already generating');
            busy = true; stopRequested = false;
            try { await generate(msg); } finally { busy = false; }
        }
    } catch (err) {
        postMessage({ type: 'error', message: String(err && err.message || err) });
    }
};
