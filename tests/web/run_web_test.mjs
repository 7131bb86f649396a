// tests/web/run_web_test.mjs: web/index.html in a real headless Chromium, driven over the DevTools
// protocol (--remote-debugging-pipe: no extra package, no port), the repository served on 127.0.0.1.
//
//   node tests/web/run_web_test.mjs [--chromium PATH] [--tokens N] [--screenshot FILE]
//
// Needs web/mamba2.wasm (make web) and the native ./example_generate (make example_generate).
// Checks: the page loads the shipped model and its greedy story equals the native scalar build's
// text for the same prompt (the native AVX2 level is compared too, and where it parts is reported);
// the page stays responsive while the worker generates; the stop button stops generation;
// screenshots are written (the finished greedy story, and one mid-stream: FILE-streaming.png). Ends with "N passed, N failed, N skipped".
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : dflt; };
const chromiumPath = opt('--chromium', process.env.CHROMIUM || '/usr/bin/chromium');
const N = Number(opt('--tokens', '200'));
const shotPath = resolve(opt('--screenshot', join(root, 'build', 'web', 'screenshot.png')));
const PROMPT = 'Once upon a time';

let passed = 0, failed = 0, skipped = 0;
const check = (ok, name, detail = '') => {
    if (ok) passed++; else failed++;
    console.log(`${ok ? 'ok  ' : 'FAIL'}  ${name}${detail ? ': ' + detail : ''}`);
};
const finish = (code) => { console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`); process.exit(code ?? (failed ? 1 : 0)); };

for (const [f, how] of [['web/mamba2.wasm', 'make web'], ['example_generate', 'make example_generate']]) {
    try { statSync(join(root, f)); } catch { console.log(`FAIL  ${f} is missing (${how})`); failed++; finish(1); }
}
try { statSync(chromiumPath); } catch { console.log(`skip  no Chromium at ${chromiumPath} (Debian: apt-get install chromium)`); skipped++; finish(0); }

// the native build's greedy text at a level (what the page must show)
function native(isa) {
    const r = spawnSync(join(root, 'example_generate'), ['models/fable-3m.bin', PROMPT, '-n', String(N), '--temp', '0', '--isa', isa],
                        { cwd: root, encoding: 'utf8' });
    return r.status === 0 ? r.stdout : null;
}

// ---- a static server for the repository (127.0.0.1 only)
const TYPES = { '.html': 'text/html; charset=utf-8', '.mjs': 'text/javascript', '.js': 'text/javascript', '.wasm': 'application/wasm',
                '.bin': 'application/octet-stream', '.png': 'image/png', '.css': 'text/css' };
const server = createServer((req, res) => {
    const path = normalize(join(root, decodeURIComponent(new URL(req.url, 'http://x').pathname)));
    if (!path.startsWith(root + sep)) { res.writeHead(403).end(); return; }
    try {
        const body = readFileSync(path);
        res.writeHead(200, { 'Content-Type': TYPES[extname(path)] || 'application/octet-stream', 'Cache-Control': 'no-store' }).end(body);
    } catch { res.writeHead(404).end(); }
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}`;

// ---- Chromium over the DevTools pipe (fd 3: commands in, fd 4: replies and events out; NUL-separated JSON)
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const profile = mkdtempSync(join(tmpdir(), 'mamba2-chromium-'));
const chrome = spawn(chromiumPath, ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
    `--user-data-dir=${profile}`, '--remote-debugging-pipe', '--window-size=1000,800', 'about:blank'],
    { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] });
let chromeErr = '';
chrome.stdio[2].on('data', (d) => { chromeErr = (chromeErr + d).slice(-4000); });
const exited = new Promise((r) => chrome.on('exit', r));
const cleanup = async () => { // the profile goes once Chromium has stopped writing to it
    try { chrome.kill('SIGKILL'); } catch {}
    server.close();
    await Promise.race([exited, sleep(5000)]);
    try { rmSync(profile, { recursive: true, force: true, maxRetries: 5 }); } catch {}
};
const watchdog = setTimeout(async () => { console.log('FAIL  timed out; chromium stderr:\n' + chromeErr); failed++; await cleanup(); finish(1); }, 240000);

let nextId = 1, buf = '';
const waiting = new Map(), consoleLines = [];
chrome.stdio[4].on('data', (d) => {
    buf += d;
    let i;
    while ((i = buf.indexOf('\0')) >= 0) {
        const msg = JSON.parse(buf.slice(0, i));
        buf = buf.slice(i + 1);
        if (msg.id && waiting.has(msg.id)) { waiting.get(msg.id)(msg); waiting.delete(msg.id); }
        else if (msg.method === 'Runtime.consoleAPICalled') consoleLines.push(msg.params.args.map((a) => a.value ?? a.description).join(' '));
        else if (msg.method === 'Runtime.exceptionThrown') consoleLines.push('exception: ' + JSON.stringify(msg.params.exceptionDetails).slice(0, 500));
    }
});
function send(method, params = {}, sessionId) {
    const id = nextId++;
    chrome.stdio[3].write(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }) + '\0');
    return new Promise((res, rej) => waiting.set(id, (m) => (m.error ? rej(new Error(method + ': ' + m.error.message)) : res(m.result))));
}

try {
    const { targetId } = await send('Target.createTarget', { url: 'about:blank' });
    const { sessionId } = await send('Target.attachToTarget', { targetId, flatten: true });
    const page = (m, p) => send(m, p, sessionId);
    await page('Page.enable');
    await page('Runtime.enable');
    const evaluate = async (expr) => (await page('Runtime.evaluate', { expression: expr, returnByValue: true })).result.value;
    const stateOf = async () => JSON.parse(await evaluate('JSON.stringify(window.m2state || null)'));
    const waitFor = async (pred, ms, what) => {
        const t0 = Date.now();
        let st = null, worst = 0;
        for (;;) {
            const t = Date.now();
            st = await stateOf();
            worst = Math.max(worst, Date.now() - t); // a frozen page would answer late
            if (st && (pred(st) || st.error)) return { st, worst };
            if (Date.now() - t0 > ms) throw new Error('timed out waiting for ' + what + ': ' + JSON.stringify(st));
            await sleep(100);
        }
    };

    // 1. greedy story == the native scalar build's
    const want = native('scalar'), wantAvx2 = native('avx2');
    await page('Page.navigate', { url: `${base}/web/index.html?autostart=1&temp=0&n=${N}&prompt=${encodeURIComponent(PROMPT)}` });
    const { st, worst } = await waitFor((s) => s.done, 180000, `${N} tokens`);
    check(!st.error, 'page generates', st.error || `${st.tokens} tokens, ${st.tokPerSec.toFixed(1)} tok/s, kernels ${st.isa}`);
    check(st.tokens === N || st.reason === 'eos', `${N} tokens (or EOS)`, `${st.tokens} (${st.reason})`);
    check(want !== null && st.text === want, 'greedy text equals native --isa scalar', want === null ? 'native run failed' :
          st.text === want ? `${st.text.length} chars` : `page: ${JSON.stringify(st.text.slice(0, 120))}… native: ${JSON.stringify(want.slice(0, 120))}…`);
    if (wantAvx2 !== null) {
        let k = 0;
        while (k < want.length && k < wantAvx2.length && want[k] === wantAvx2[k]) k++;
        console.log(`note  native avx2 vs scalar: ${wantAvx2 === want ? 'identical' : 'part at character ' + k} over ${N} tokens`);
    }
    check(worst < 2000, 'page answers while the worker generates', `slowest poll ${worst} ms`);

    // 2. screenshot
    const shot = await page('Page.captureScreenshot', { format: 'png' });
    mkdirSync(dirname(shotPath), { recursive: true });
    writeFileSync(shotPath, Buffer.from(shot.data, 'base64'));
    check(statSync(shotPath).size > 10000, 'screenshot', shotPath);

    // 3. the stop button (past EOS: a fast machine samples one before the click lands)
    await page('Page.navigate', { url: `${base}/web/index.html?autostart=1&temp=0.8&n=1000000&ignore_eos=1` });
    await waitFor((s) => s.tokens >= 20, 60000, '20 tokens');
    const live = await page('Page.captureScreenshot', { format: 'png' }); // mid-stream, for a look
    writeFileSync(shotPath.replace(/\.png$/, '') + '-streaming.png', Buffer.from(live.data, 'base64'));
    await evaluate("document.getElementById('stop').click()");
    const stopped = (await waitFor((s) => s.done, 10000, 'the stop')).st;
    await sleep(500);
    const after = await stateOf();
    check(stopped.reason === 'stopped' && after.tokens === stopped.tokens && stopped.tokens < 1000000, 'stop button',
          `${stopped.reason} after ${stopped.tokens} tokens`);
    if (consoleLines.length) console.log('console:\n  ' + consoleLines.slice(-10).join('\n  '));
} catch (e) {
    console.log('FAIL  ' + e.message);
    if (consoleLines.length) console.log('console:\n  ' + consoleLines.slice(-10).join('\n  '));
    failed++;
}
clearTimeout(watchdog);
await cleanup();
finish();
