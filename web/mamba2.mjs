// mamba2.mjs: mamba2.h in the browser (or Node), as an ES module over web/mamba2.wasm (make web).
//
//   import { loadMamba2 } from './mamba2.mjs';
//   const m2 = await loadMamba2(new URL('mamba2.wasm', import.meta.url));
//   const model = m2.openModel(new Uint8Array(await (await fetch('fable-3m.bin')).arrayBuffer()));
//   const s = model.session(), smp = m2.sampler({ temperature: 0 }), dec = model.decoder();
//   s.prefill(model.tokenize('Once upon a time'));
//   for (let i = 0; i < 50; i++) { const id = s.sample(smp); text += dec.feed(id); s.step(id); }
//   s.close(); model.close();
//
// A thin layer over the C API (the wasm exports the MAMBA2_API functions unchanged): the option
// structs are laid out here for wasm32 and checked against m2_struct_size when the module loads.
// Errors throw Mamba2Error with the library's message. Everything runs on the calling thread:
// run generation in a Web Worker (web/worker.mjs) so that a page never freezes.

export class Mamba2Error extends Error {
    constructor(code, message) {
        super(message);
        this.code = code;
        this.name = 'Mamba2Error';
    }
}

const M2_ERR_BUFFER_TOO_SMALL = -8;
// m2_struct values and their sizes on wasm32 (ILP32; uint64_t 8-byte aligned)
const STRUCTS = { CONFIG: [2, 232], SESSION_OPTS: [5, 48], SAMPLER_OPTS: [6, 48], SAMPLER: [8, 64], DECODER: [10, 16] };
const CONFIG_INTS = ['vocab_rows', 'vocab_size', 'd_model', 'n_layer', 'd_state', 'd_conv', 'd_inner', 'headdim', 'nheads',
    'ngroups', 'chunk_size', 'conv_dim', 'd_in_proj', 'tied_embeddings', 'norm_before_gate', 'has_proj_bias', 'has_conv_bias'];
export const ISA = { auto: 0, scalar: 1, 'wasm-simd128': 7 };

// The few WASI calls the C library links (stdio it never uses for output: the library never prints)
function wasiStubs(getMemory) {
    const ENOSYS = 52;
    return {
        fd_write(fd, iovs, n, nwritten) { // whatever a stray write says goes to the console
            const dv = new DataView(getMemory().buffer);
            let total = 0, text = '';
            for (let i = 0; i < n; i++) {
                const p = dv.getUint32(iovs + 8 * i, true), len = dv.getUint32(iovs + 8 * i + 4, true);
                text += new TextDecoder().decode(new Uint8Array(getMemory().buffer, p, len));
                total += len;
            }
            if (text) console.log('[mamba2 fd ' + fd + '] ' + text);
            dv.setUint32(nwritten, total, true);
            return 0;
        },
        fd_close() { return ENOSYS; },
        fd_seek() { return ENOSYS; },
        proc_exit(code) { throw new Error('mamba2.wasm exited with ' + code); },
    };
}

/** Instantiate the module. source: a URL, a Response, bytes, or a WebAssembly.Module. */
export async function loadMamba2(source) {
    let module;
    if (source instanceof WebAssembly.Module) module = source;
    else if (source instanceof ArrayBuffer || ArrayBuffer.isView(source)) module = await WebAssembly.compile(source);
    else {
        const resp = source instanceof Response ? source : await fetch(source);
        if (!resp.ok) throw new Error('cannot fetch ' + resp.url + ': ' + resp.status);
        module = await WebAssembly.compile(await resp.arrayBuffer());
    }
    let memory = null;
    const instance = await WebAssembly.instantiate(module, { wasi_snapshot_preview1: wasiStubs(() => memory) });
    memory = instance.exports.memory;
    if (instance.exports._initialize) instance.exports._initialize();
    return new Runtime(instance.exports);
}

class Runtime {
    constructor(x) {
        this.x = x;
        for (const [name, [which, size]] of Object.entries(STRUCTS)) {
            const got = x.m2_struct_size(which);
            if (got !== size) throw new Error(`mamba2.wasm: struct ${name} is ${got} bytes, this module lays out ${size}`);
        }
        this.version = this.cstr(x.m2_version());
        this.utf8 = new TextEncoder();
    }
    // views are made anew each time: memory.grow detaches the old ones
    get u8() { return new Uint8Array(this.x.memory.buffer); }
    get dv() { return new DataView(this.x.memory.buffer); }
    cstr(p) {
        const u8 = this.u8;
        let e = p;
        while (u8[e]) e++;
        return new TextDecoder().decode(u8.subarray(p, e));
    }
    alloc(n) {
        const p = this.x.malloc(Math.max(n, 1));
        if (!p) throw new Mamba2Error(-6, 'out of memory in mamba2.wasm');
        this.u8.fill(0, p, p + n);
        return p;
    }
    free(p) { if (p) this.x.free(p); }
    check(r, message) {
        if (r !== 0) throw new Mamba2Error(r, (message ? message() : '') || this.cstr(this.x.m2_result_str(r)));
    }
    isaName(isa) { return this.cstr(this.x.m2_isa_name(isa)); }
    isaAvailable(isa) { return this.x.m2_isa_available(isa) === 1; }

    /** A model from the bytes of a model file (copied into the module's memory, 64-byte aligned). */
    openModel(bytes) {
        bytes = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
        const raw = this.alloc(bytes.length + 64), data = (raw + 63) & ~63;
        this.u8.set(bytes, data);
        const out = this.alloc(4), err = this.alloc(512);
        try {
            const r = this.x.m2_model_open_memory(out, data, bytes.length, 0, err, 512);
            this.check(r, () => this.cstr(err));
            return new Model(this, this.dv.getUint32(out, true), raw);
        } catch (e) {
            this.free(raw);
            throw e;
        } finally {
            this.free(out); this.free(err);
        }
    }

    /** Sampling options as m2_sampler_opts (zero = default; temperature 0 = greedy). */
    sampler({ temperature = 0, topK = 0, topP = 0, minP = 0, repeatPenalty = 0, repeatLastN = 0, seed = 0 } = {}) {
        const o = this.alloc(48), smp = this.alloc(64), dv = this.dv;
        dv.setFloat32(o + 0, temperature, true); dv.setInt32(o + 4, topK, true); dv.setFloat32(o + 8, topP, true);
        dv.setFloat32(o + 12, minP, true); dv.setFloat32(o + 16, repeatPenalty, true); dv.setInt32(o + 20, repeatLastN, true);
        dv.setBigUint64(o + 24, BigInt.asUintN(64, BigInt(seed)), true);
        this.x.m2_sampler_init(smp, o);
        this.free(o);
        return { ptr: smp, close: () => this.free(smp) };
    }
}

class Model {
    constructor(rt, h, raw) {
        this.rt = rt; this.h = h; this.raw = raw;
        const c = rt.x.m2_model_config(h), dv = rt.dv;
        this.config = {};
        CONFIG_INTS.forEach((k, i) => { this.config[k] = dv.getInt32(c + 4 * i, true); });
        this.config.eos_id = dv.getInt32(c + 84, true);
        this.config.bos_id = dv.getInt32(c + 88, true);
        this.hasTokenizer = rt.x.m2_model_has_tokenizer(h) === 1;
    }
    close() {
        if (this.h) { this.rt.x.m2_model_close(this.h); this.rt.free(this.raw); this.h = 0; }
    }
    tokenize(text) {
        const rt = this.rt, bytes = rt.utf8.encode(text);
        const work = rt.alloc(4), nOut = rt.alloc(4), txt = rt.alloc(bytes.length);
        let ids = 0, w = 0;
        try {
            rt.check(rt.x.m2_tokenize_work_create(work, this.h, 0));
            w = rt.dv.getUint32(work, true);
            rt.u8.set(bytes, txt);
            let cap = bytes.length + 16;
            for (;;) {
                ids = rt.alloc(4 * cap);
                const r = rt.x.m2_tokenize(this.h, w, txt, bytes.length, ids, cap, nOut, 0);
                const n = rt.dv.getUint32(nOut, true);
                if (r === M2_ERR_BUFFER_TOO_SMALL && n > cap) { rt.free(ids); ids = 0; cap = n; continue; }
                rt.check(r);
                return Array.from(new Int32Array(rt.x.memory.buffer, ids, n));
            }
        } finally {
            if (w) rt.x.m2_tokenize_work_destroy(w);
            rt.free(ids); rt.free(work); rt.free(nOut); rt.free(txt);
        }
    }
    detokenize(ids) {
        const d = this.decoder();
        try { return ids.map((id) => d.feed(id)).join('') + d.flush(); } finally { d.close(); }
    }
    session({ nThreads = 0, chunkSize = 0, isa = 0 } = {}) {
        const rt = this.rt, o = rt.alloc(44), out = rt.alloc(4);
        try {
            rt.dv.setInt32(o + 0, nThreads, true); rt.dv.setInt32(o + 4, chunkSize, true);
            rt.dv.setInt32(o + 40, typeof isa === 'string' ? ISA[isa] : isa, true);
            rt.check(rt.x.m2_session_create(out, this.h, o));
            return new Session(this, rt.dv.getUint32(out, true));
        } finally {
            rt.free(o); rt.free(out);
        }
    }
    /** Streaming detokenizer: feed(id) returns complete UTF-8 text only. */
    decoder() {
        const rt = this.rt, dec = rt.alloc(12), cap = 1024, buf = rt.alloc(cap), n = rt.alloc(4), model = this;
        rt.x.m2_decoder_init(dec);
        const text = () => new TextDecoder().decode(rt.u8.slice(buf, buf + rt.dv.getUint32(n, true)));
        return {
            feed(id) { rt.check(rt.x.m2_decode_stream(model.h, dec, id, buf, cap, n)); return text(); },
            flush() { rt.check(rt.x.m2_decoder_flush(dec, buf, cap, n)); return text(); },
            close() { rt.free(dec); rt.free(buf); rt.free(n); },
        };
    }
}

class Session {
    constructor(model, h) {
        this.model = model; this.rt = model.rt; this.h = h;
        this.vocabRows = model.config.vocab_rows;
        this.idOut = this.rt.alloc(4);
    }
    get error() { return this.rt.cstr(this.rt.x.m2_session_error(this.h)); }
    get position() { return Number(this.rt.x.m2_session_position(this.h)); }
    get isa() { return this.rt.isaName(this.rt.dv.getInt32(this.rt.x.m2_session_options(this.h) + 40, true)); }
    check(r) { this.rt.check(r, () => this.error); }
    close() {
        if (this.h) { this.rt.x.m2_session_destroy(this.h); this.rt.free(this.idOut); this.h = 0; }
    }
    prefill(ids) {
        const rt = this.rt, p = rt.alloc(4 * ids.length);
        try {
            new Int32Array(rt.x.memory.buffer, p, ids.length).set(ids);
            this.check(rt.x.m2_prefill(this.h, p, ids.length, 0));
        } finally { rt.free(p); }
    }
    step(id) { this.check(this.rt.x.m2_step(this.h, id)); }
    /** The next id from the last logits (sampler from runtime.sampler(); greedy if omitted). */
    sample(sampler) {
        const own = sampler ? null : this.rt.sampler();
        try {
            this.check(this.rt.x.m2_sample(this.h, (sampler || own).ptr, this.idOut));
            return this.rt.dv.getInt32(this.idOut, true);
        } finally { if (own) own.close(); }
    }
    /** A copy of the last logits (Float32Array of vocab_rows), or null before any token. */
    logits() {
        const p = this.rt.x.m2_session_logits(this.h);
        return p ? new Float32Array(this.rt.x.memory.buffer.slice(p, p + 4 * this.vocabRows)) : null;
    }
    /** The whole sequence as bytes (a snapshot), and back. */
    save() {
        const rt = this.rt, n = rt.x.m2_session_state_size(this.h), p = rt.alloc(n);
        try { this.check(rt.x.m2_session_save(this.h, p, n)); return rt.u8.slice(p, p + n); } finally { rt.free(p); }
    }
    load(bytes) {
        const rt = this.rt, p = rt.alloc(bytes.length);
        try { rt.u8.set(bytes, p); this.check(rt.x.m2_session_load(this.h, p, bytes.length)); } finally { rt.free(p); }
    }
}
