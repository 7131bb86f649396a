#!/usr/bin/env node
/* Generate tokenizer test cases from the reference implementation: Hugging Face `tokenizers`
   (Rust, through its Node bindings; the golden data was made with version 0.23.2).

   Setup (outside the repository):
       mkdir -p /tmp/tokref && cd /tmp/tokref && npm install tokenizers@0.23.2
   Usage:
       NODE_PATH=/tmp/tokref/node_modules node tools/gen_tokenizer_cases.js SET TOKENIZER.json OUT.json [ARGS]
   Sets:
       cases           the seeded mix below (scripts, whitespace, contractions, digits, special tokens,
                       NFC corners, invalid UTF-8, random strings, book excerpts); corpus dir as ARGS
       books DIR...    every .txt file under the given directories, whole
       fuzz [N]        N (10000) longer random strings over the same troublemakers (not stored)
       nfc             [[text, NFC(text)], ...] from the reference normaliser: every code point alone,
                       and each with marks around it (the exhaustive check of the NFC tables)
   Output: a JSON array of {"text" | "text_hex", "ids", "decoded", "no_special"?}. "text_hex" holds
   raw bytes that are not valid UTF-8; their ids are the reference's for the text a lossy UTF-8
   decoder makes of them (Node's Buffer decoding is WHATWG's, the same rule as Rust's
   String::from_utf8_lossy: one U+FFFD per maximal subpart). "no_special" cases are encoded by the
   same tokenizer with its special added tokens removed, which is what encode_special_tokens (our
   M2_TOKENIZE_NO_SPECIAL) does when no other raw added token overlaps them. */
'use strict';
const fs = require('fs');
const path = require('path');
const {Tokenizer} = require('tokenizers');

let seed = 0x2545F491;
function rnd() { /* mulberry32: the same cases on every run */
  seed = (seed + 0x6D2B79F5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const ri = (n) => Math.floor(rnd() * n);
const pick = (a) => a[ri(a.length)];
const cp = (c) => String.fromCodePoint(c);

function cases(corpusDirs, addedTokens) {
  const out = [];
  const add = (text, extra) => out.push(Object.assign({text}, extra || {}));

  // Every added token of the tokenizer in contexts that test its flags (single_word, lstrip,
  // rstrip, normalized) and the leftmost-longest rule, with and without special tokens.
  // (all special tokens and at most 8 others, to keep the stored file small)
  const others = addedTokens.filter((t) => !t.special);
  const contents = addedTokens.filter((t) => t.special).map((t) => t.content);
  for (let k = 0; k < 8 && others.length; k++) contents.push(others.splice(ri(others.length), 1)[0].content);
  for (const c of contents) {
    for (const [l, r] of [['', ''], ['x', 'y'], [' ', ' '], ['a ', ' b'], ['a  \t', '\t  b'], ['\u3000', '\u3000'],
      ['word', ''], ['', 'word'], ['1', '.'], ['_', '_'], ['\u0301', '\u0301'], ['e', '\u0301'], ['  ', '']]) {
      add(l + c + r); add(l + c + r, {no_special: true});
    }
    add(c + c + ' ' + c); add(c.slice(0, -1) + c + c.slice(1));
  }
  for (let k = 0; k < 100 && contents.length; k++) {
    let s = '';
    for (let j = 0, n = 1 + ri(6); j < n; j++) s += pick([pick(contents), pick(contents), ' ', '  ', '\t', 'x', 'word', '\u0301', 'e', '.', '_']);
    add(s); add(s, {no_special: true});
  }

  // Scripts and mixed-script text.
  [
    'Hello world', 'Once upon a time, there was a little girl named Lily.',
    '今日は良い天気ですね。東京タワーに行きましょう！', '我们今天去北京大学看看。中华人民共和国成立于1949年。',
    '한국어 문장입니다. 안녕하세요, 세계!', 'مرحبا بالعالم! هذه جملة عربية مع أرقام ١٢٣٤٥ و 678.',
    'שלום עולם, זה טקסט בעברית.', 'नमस्ते दुनिया। यह हिंदी का वाक्य है, क़िला और ज़रूर।',
    'สวัสดีชาวโลก ภาษาไทยไม่มีช่องว่างระหว่างคำ', 'Γειά σου Κόσμε! Ελληνικά με τόνους: άέήίόύώ ΐΰ',
    'Привет, мир! Ёжик в тумане.', 'Tiếng Việt có dấu: Nguyễn, phường, được, người.',
    'Ελληνικά ᾂᾃᾄ ῷ', 'ქართული ენა', 'Հայերեն լեզու', 'አማርኛ ቋንቋ', 'ᏣᎳᎩ ᎦᏬᏂᎯᏍᏗ', 'ᠮᠣᠩᠭᠣᠯ ᠪᠢᠴᠢᠭ',
    'தமிழ் மொழி', 'తెలుగు భాష', 'ಕನ್ನಡ ಭಾಷೆ', 'മലയാളം', 'සිංහල', 'བོད་ཡིག', 'ဗမာစာ', 'ខ្មែរ', 'ລາວ',
    'Emoji: 👋🏽 👨‍👩‍👧‍👦 🏳️‍🌈 🇯🇵 1️⃣ ❤️ 🧑🏿‍💻', '😀😃😄😁😆😅🤣😂🙂🙃', '🫠🫡🫶🪿🫎',
    'Math: ∀x∈ℝ, x²≥0; ∑ᵢ aᵢ = ∫₀¹ f(x) dx ≈ π/4 ± ε', 'Ligatures: ﬁ ﬂ ﬃ and fullwidth ＡＢＣ１２３',
    'Roman numerals Ⅻ ⅻ and fractions ½ ⅓ ¾ and superscripts ¹²³', 'Currency: $5, €10, £3, ¥1000, ₹50, ₿0.1',
    'Quotes: “double” ‘single’ «guillemets» „German“ 「Japanese」', 'Dashes – — ― and ellipsis … and bullets • ◦',
    'Mixed: Hello世界مرحبا123abc!?', 'URL https://example.com/path?q=1&b=2#frag and email a.b@c.org',
    'Code:\n\tdef f(x):\n\t\treturn x * 2  # comment\n    if (a && b) { c(); }\n',
    'ZWJ\u200dZWNJ\u200cWJ\u2060LRM\u200eRLM\u200f', 'Soft\u00adhyphen and no-break\u2011hyphen',
    'Private use \ue000\uf8ff and noncharacters \ufdd0\ufffe\uffff', 'Tags \u{e0041}\u{e0042} and VS \ufe0f\u{e0100}',
    'Unassigned \u0378\u{2fffe}\u{10ffff} end', 'Replacement \ufffd char', 'NUL\u0000inside and \u0001\u001f controls',
    'Kaithi 𑂍𑂺 Dives Akuru 𑤸 Sharada 𑆑𑇊', 'Old Italic 𐌀𐌁 Gothic 𐌰𐌱 Deseret 𐐀𐐨',
    'Cuneiform 𒀀𒀁 Egyptian 𓀀𓀁 Linear B 𐀀𐀁', 'CJK ext B 𠀀𠀁 ext G 𰀀 ext H 𱍐 ext I 𮯰',
  ].forEach((t) => add(t));

  // Whitespace corners: runs of mixed whitespace before letters, digits, punctuation, newlines
  // and the end of the text (\s+(?!\S), and what is and is not White_Space).
  const WS = [' ', '\t', '\n', '\r', '\v', '\f', '\u0085', '\u00a0', '\u1680', '\u2000', '\u2005', '\u200a',
    '\u2028', '\u2029', '\u202f', '\u205f', '\u3000', '\r\n'];
  const NOTWS = ['\u200b', '\ufeff', '\u001c', '\u001d', '\u001e', '\u001f', '\u180e', '\u2060'];
  const AFTER = ['word', 'Word', '123', '.', '!?', '\u00e9t\u00e9', '\u4e2d', "'s", "'", '', '\n', '  ', '\u0301', '\u200b', '<|endoftext|>'];
  for (const a of WS.concat(NOTWS)) for (const b of AFTER) {
    add('x' + a + b); add('x' + a + a + b); add(a + b); add('.' + a + ' ' + b);
  }
  for (let k = 0; k < 200; k++) {
    let s = pick(['x', '', '.', '1', 'é']);
    for (let j = 0, n = 1 + ri(5); j < n; j++) s += pick(WS.concat(NOTWS, [' ', ' ', ' ']));
    add(s + pick(AFTER));
  }
  // Runs of 1..60 ASCII spaces (the space-run added tokens, 24 down to 2).
  for (let n = 1; n <= 60; n++) {
    const sp = ' '.repeat(n);
    for (const ctx of ['a' + sp + 'b', sp + 'b', 'a' + sp, 'a' + sp + '.', 'a' + sp + '\n', '\n' + sp + 'return x',
      'a' + sp + '1', 'a\t' + sp + 'b', 'a' + sp + '\u00a0b', 'a' + sp + "'s", sp]) add(ctx);
  }
  // Contractions, letter case, apostrophes.
  ["I'm", "I'M", "don't", "DON'T", "Don't", "you're", "YOU'RE", "we've", "they'll", "he'd", "it's", "'s",
    "'S", "''s", "'''", "can't've", "'re'", "o'clock", "rock'n'roll", "’s curly", "’S", "x's's", " 's", "  's",
    "'ll've", "'t", "a'tb", "L'été", "'1", "'é", "'\u0301s", "\u0301's"].forEach((t) => { add(t); add('He said ' + t + ' ok'); });
  // Digits and numbers of every kind.
  ['12345678901234567890', '3.14159', '1,000,000', '0x1F', 'v1.2.3', '٠١٢٣٤٥٦٧٨٩', '０１２', '²³¹', 'ⅠⅡⅢ', '१२३',
    '1st 2nd 3rd', 'a1b2c3', '12abc', 'abc12', '1 2  3   4', '𝟘𝟙𝟚', '½x', '12\u00a034'].forEach((t) => { add(t); add(' ' + t); });
  // Special tokens, glued and spaced; the same texts with M2_TOKENIZE_NO_SPECIAL.
  ['<|endoftext|>', 'Hello<|endoftext|>World', '<|endoftext|><|endoftext|>', ' <|endoftext|> ', '<|padding|>x',
    '<|endoftext|', '<|endoftext|>\u0301', 'a <|endoftext|>  b', '<|endoftext|>    x', '<<|endoftext|>>',
    '<|endoftext|><|padding|>', '  <|padding|>  ', 'e\u0301<|endoftext|>\u0301', '<|endo<|endoftext|>ftext|>',
  ].forEach((t) => { add(t); add(t, {no_special: true}); });
  // NFC corners.
  ['A\u030a', '\u212b', '\u2126', '\u2000x\u2001', '\uf900\uf901', '\u1100\u1161\u11a8', '\u1100\u1161', '\uac00\u11a8',
    'a\u0308\u0323', 'a\u0323\u0308', 'e\u0301\u0301', '\u0301start', 'q\u0307\u0323', '\u1e0b\u0323', '\u0958\u0959',
    '\u0344', '\u0f73\u0f75', '\u1f82', '\u03d3', '\u00c5\u0301', 'o\u031b\u0301', 'u\u0308\u0304', '\u1e9b\u0323',
    'a' + '\u0301\u0316'.repeat(40), 'x' + '\u0300\u0301\u0302\u0327\u0328\u0345\u035c'.repeat(10),
    '\u0915\u093c', '\u09c7\u09be', '\u0b47\u0b3e', '\u1025\u102e', '\u0d46\u0d3e', '\u{11099}\u{110ba}',
    '\u{1d15e}\u{1d165}', '\u{11935}\u{11930}', 'a\u{1df6}\u0323', 'a\u08d4\u0323', 'Ǖ', 'U\u0308\u0304',
    '\u1100\u1100\u1161\u1161', '\u11a8\u1161', '\uac01\u11a8', '\ud7a3\u11a8', 'A\u0301\u200bB\u0301',
  ].forEach((t) => { add(t); add('x ' + t + ' y'); });
  // Invalid UTF-8 (stored as hex; see the header).
  const BYTES = [0x80, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xe1, 0xec, 0xed, 0xee, 0xef, 0xf0, 0xf1, 0xf3, 0xf4, 0xf5,
    0xff, 0x9f, 0xa0, 0x8f, 0x90, 0x61, 0x20, 0x2e];
  for (const h of ['ff', 'c0af', 'e080af', 'eda080', 'edbfbf', 'f4908080', 'f0808080', 'e1a0', 'e1a041', 'f09f98',
    'f09f9841', '61ff62', 'c3', '20c3', 'c320', 'efbbbf61', 'fe', 'e282ac', 'e282', 'e2', 'f880808080']) out.push({text_hex: h});
  for (let k = 0; k < 120; k++) {
    const n = 1 + ri(12), b = [];
    for (let j = 0; j < n; j++) b.push(rnd() < 0.7 ? pick(BYTES) : ri(256));
    out.push({text_hex: Buffer.from(b).toString('hex')});
  }
  // Random strings over an alphabet of troublemakers.
  const ALPHA = [' ', ' ', ' ', '  ', '\t', '\n', '\r\n', '\u00a0', '\u3000', '\u2028', 'a', 'B', 'z', 'é', 'e\u0301',
    '\u0301', '\u0323', '1', '٣', '.', ',', '!', "'", "'s", "'ll", 's', 'ß', '中', '한', '\u1100', '\u1161', '\u11a8',
    'ا', 'क़', '😀', '👍🏽', '\u200d', '\u200b', '\ufeff', '\ufffd', '<|endoftext|>', '<|', '|>', '_', '-', '$', '€',
    '\u00ad', '\u0000', '\u001f', 'Ⅻ', '²', '\u{10000}', '\u{e0100}'];
  for (let k = 0; k < 700; k++) {
    let s = '';
    for (let j = 0, n = 1 + ri(12); j < n; j++) s += pick(ALPHA);
    add(s);
  }
  // Random code points from the whole range (letters, marks, unassigned, astral, private use).
  for (let k = 0; k < 150; k++) {
    let s = '';
    for (let j = 0, n = 1 + ri(8); j < n; j++) {
      let c;
      const r = rnd();
      if (r < 0.4) c = ri(0x3000);
      else if (r < 0.7) c = ri(0x10000);
      else if (r < 0.9) c = 0x10000 + ri(0x30000);
      else c = ri(0x110000);
      if (c >= 0xd800 && c < 0xe000) c = 0x20;
      s += cp(c);
      if (rnd() < 0.3) s += ' ';
    }
    add(s);
  }
  // Excerpts of books (whole lines, a few KB each).
  const files = [];
  for (const d of corpusDirs) for (const f of fs.readdirSync(d).sort()) if (f.endsWith('.txt')) files.push(path.join(d, f));
  for (let k = 0; k < 8 && files.length; k++) {
    const text = fs.readFileSync(pick(files), 'utf8');
    const a = ri(Math.max(1, text.length - 3000));
    add(text.slice(text.indexOf('\n', a) + 1, a + 800 + ri(800)));
  }
  return out;
}

// Longer random strings over the troublemakers and the whole code space (not stored: a
// one-off comparison of many cases, e.g. 100000).
function fuzzCases(count, addedTokens) {
  const out = [];
  const ALPHA = [' ', ' ', ' ', '  ', '   ', '\t', '\n', '\n\n', '\r\n', '\u00a0', '\u3000', '\u2028', '\u0085', '\u200b',
    '\ufeff', '\u001f', '\u180e', 'a', 'B', 'hello', 'The', 'é', 'e\u0301', '\u0301', '\u0323', '\u0345', '1', '42', '٣',
    '.', ',', '!', '...', "'", "'s", "'t", "'re", "'ll", "'d", "'m", "'ve", "'S", 's', 'ß', '中文', '한국', '\u1100', '\u1161',
    '\u11a8', 'ا', 'क़', 'क\u093c', '😀', '👍🏽', '👨‍👩‍👧', '\u200d', '\ufffd', '_', '-', '$', '€', '\u00ad', '\u0000',
    'Ⅻ', '²', '\u212b', '\u2126', '\uf900', '\u2000', '\u0958', '\u{10000}', '\u{e0100}', '\u{1d15e}']
    // an lstrip token that starts with White_Space can match inside the spaces an rstrip token
    // took, where the reference panics ("AddedVocabulary bad split"): leave those out
    .concat(addedTokens.filter((t) => !(t.lstrip && /^\s/u.test(t.content))).map((t) => t.content));
  for (let k = 0; k < count; k++) {
    let s = '';
    for (let j = 0, n = 1 + ri(40); j < n; j++) {
      if (rnd() < 0.1) {
        let c = rnd() < 0.5 ? ri(0x3400) : ri(0x110000);
        if (c >= 0xd800 && c < 0xe000) c = 0x41;
        s += cp(c);
      } else s += pick(ALPHA);
    }
    out.push(rnd() < 0.2 ? {text: s, no_special: true} : {text: s});
  }
  return out;
}

function nfcCases(tok) {
  const nm = tok.getNormalizer();
  const out = [];
  const MARKS = ['\u0301', '\u0323', '\u0334', '\u0345', '\u05b0', '\u0f71', '\u1161', '\u11a8', '\u093c', '\u3099'];
  for (let c = 0; c < 0x110000; c++) {
    if (c >= 0xd800 && c < 0xe000) continue;
    const s = cp(c);
    out.push([s, nm.normalizeString(s)]);
    const t = 'a' + s + pick(MARKS) + s + '\u0323' + pick(MARKS);
    out.push([t, nm.normalizeString(t)]);
    if (c < 0x30000 || c >= 0xe0000) {
      const u = pick(MARKS) + s + '\u0301' + s + 'e' + s;
      out.push([u, nm.normalizeString(u)]);
    }
  }
  return out;
}

async function main() {
  const [set, tokPath, outPath, ...rest] = process.argv.slice(2);
  if (!set || !tokPath || !outPath) {
    console.error('usage: gen_tokenizer_cases.js cases|books|nfc TOKENIZER.json OUT.json [DIRS...]');
    process.exit(2);
  }
  const json = fs.readFileSync(tokPath, 'utf8');
  const tok = Tokenizer.fromString(json);
  if (set === 'nfc') {
    fs.writeFileSync(outPath, JSON.stringify(nfcCases(tok)));
    return;
  }
  const tj = JSON.parse(json);
  tj.added_tokens = tj.added_tokens.filter((t) => !t.special);
  const plain = Tokenizer.fromString(JSON.stringify(tj));
  let list;
  if (set === 'cases') list = cases(rest, JSON.parse(json).added_tokens || []);
  else if (set === 'fuzz') list = fuzzCases(parseInt(rest[0] || '10000', 10), JSON.parse(json).added_tokens || []);
  else if (set === 'books') {
    list = [];
    for (const d of rest) for (const f of fs.readdirSync(d).sort())
      if (f.endsWith('.txt')) list.push({text: fs.readFileSync(path.join(d, f), 'utf8'), file: f});
  } else throw new Error('unknown set ' + set);
  for (const c of list) {
    const text = c.text !== undefined ? c.text : Buffer.from(c.text_hex, 'hex').toString('utf8');
    const t = c.no_special ? plain : tok;
    const ids = Array.from((await t.encode(text, null, {addSpecialTokens: true})).getIds());
    c.ids = ids;
    c.decoded = await tok.decode(ids, false);
  }
  fs.writeFileSync(outPath, JSON.stringify(list, null, 0).replace(/\},\{/g, '},\n{'));
  console.error('wrote ' + list.length + ' cases to ' + outPath);
}
main().catch((e) => { console.error(e); process.exit(1); });
