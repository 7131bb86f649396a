/* Chat templates (mamba2.h >>chat): the golden Llama-3 conversations through the C API and
   example_chat --render, hand-written templates covering each construct of the subset, refusals
   naming the construct, and hostile templates and JSON. #included by tests/test_main.c.

   The expected outputs in chat_cases were rendered by Python's jinja2 3.1.6 with transformers'
   settings (ImmutableSandboxedEnvironment, trim_blocks, lstrip_blocks, loopcontrols, tojson =
   json.dumps(ensure_ascii=False), raise_exception): each is what Jinja's semantics give, e.g. a
   {% set %} inside a loop body is gone at the next iteration (hence namespace()), trim_blocks eats
   the newline after a block tag but not after {{ }}, lstrip_blocks the indentation before {% and
   {# only, and Python prints True / None / 1e+16 / 0.0001 / ['a', 1]. */

/* targets whose C library has no setjmp (wasm without exception handling) have no chat templates */
#define NEED_CHAT() do { char e_[128]; \
        if (m2_chat_template_check("x", 1, NULL, e_, sizeof e_) == M2_ERR_UNSUPPORTED) SKIP("%s", e_); } while (0)

static const struct { const char *what, *tmpl, *vars, *want; } chat_cases[] = {
    {"namespace and attribute assignment",
     "{%- set ns = namespace(found=false, last=-1, s='') -%}\n{%- for m in messages %}\n  {%- if m.role == 'user' %}{% set ns.found = true %}{% set ns.last = loop.index0 %}{% endif %}\n  {%- set ns.s = ns.s ~ m.role[0] -%}\n{%- endfor %}\n{{ ns.found }} {{ ns.last }} {{ ns.s }} {{ ns }}",
     "{\"messages\": [{\"role\": \"system\", \"content\": \"  Be brief.  \"}, {\"role\": \"user\", \"content\": \"Hi \303\251\\n\"}, {\"role\": \"assistant\", \"content\": \"<think>plan</think>\\n\\nHello there\"}, {\"role\": \"user\", \"content\": \"Q2\"}], \"add_generation_prompt\": true, \"bos_token\": \"<s>\", \"eos_token\": \"</s>\"}",
     "True 3 suau <Namespace {'found': True, 'last': 3, 's': 'suau'}>"},
    {"a set inside a loop does not outlive the iteration",
     "{% set c = 0 %}{% for i in [1,2] %}{{ c }}{% set c = c + 1 %}{{ c }}{% endfor %}{{ c }}",
     "{\"messages\": [{\"role\": \"system\", \"content\": \"  Be brief.  \"}, {\"role\": \"user\", \"content\": \"Hi \303\251\\n\"}, {\"role\": \"assistant\", \"content\": \"<think>plan</think>\\n\\nHello there\"}, {\"role\": \"user\", \"content\": \"Q2\"}], \"add_generation_prompt\": true, \"bos_token\": \"<s>\", \"eos_token\": \"</s>\"}",
     "01010"},
    {"loop variables",
     "{% for m in messages %}{{ loop.index0 }}{{ loop.index }}{{ loop.first }}{{ loop.last }}{{ loop.length }}{{ loop.revindex }}{{ loop.revindex0 }}{{ loop.previtem.role if loop.previtem is defined }}|{% endfor %}",
     "{\"messages\": [{\"role\": \"system\", \"content\": \"  Be brief.  \"}, {\"role\": \"user\", \"content\": \"Hi \303\251\\n\"}, {\"role\": \"assistant\", \"content\": \"<think>plan</think>\\n\\nHello there\"}, {\"role\": \"user\", \"content\": \"Q2\"}], \"add_generation_prompt\": true, \"bos_token\": \"<s>\", \"eos_token\": \"</s>\"}",
     "01TrueFalse443|12FalseFalse432system|23FalseFalse421user|34FalseTrue410assistant|"},
    {"break, continue, loop filter, else",
     "{% for m in messages %}{% if m.role == 'system' %}{% continue %}{% endif %}{% if loop.index0 == 3 %}{% break %}{% endif %}{{ m.role }} {% endfor %}/{% for m in messages if m.role != 'system' %}{{ loop.index }}:{{ m.role }}/{{ loop.length }} {% endfor %}/{% for x in [] %}x{% else %}empty{% endfor %}",
     "{\"messages\": [{\"role\": \"system\", \"content\": \"  Be brief.  \"}, {\"role\": \"user\", \"content\": \"Hi \303\251\\n\"}, {\"role\": \"assistant\", \"content\": \"<think>plan</think>\\n\\nHello there\"}, {\"role\": \"user\", \"content\": \"Q2\"}], \"add_generation_prompt\": true, \"bos_token\": \"<s>\", \"eos_token\": \"</s>\"}",
     "user assistant /1:user/3 2:assistant/3 3:user/3 /empty"},
    {"string methods",
     "{{ messages[0].content.strip() }}|{{ messages[0].content.lstrip() }}|{{ messages[0].content.rstrip() }}|{{ 'xxaxx'.strip('x') }}|{{ messages[2].content.split('</think>')[-1].lstrip('\\n') }}|{{ 'a b  c '.split() }}|{{ 'a,b,,c'.split(',') }}|{{ 'a b c'.split(' ', 1) }}|{{ ' a b c '.split(None, 1) }}|{{ 'abc'.startswith('a') }}{{ 'abc'.endswith('bc') }}{{ 'abc'.startswith(('x','ab')) }}|{{ 'aaa'.replace('a','b',2) }}|{{ 'ab'.replace('','-') }}|{{ 'H\303\251 \303\237'.upper() }}|{{ 'H\303\211'.lower() }}|{{ 'hello World'.capitalize() }}",
     "{\"messages\": [{\"role\": \"system\", \"content\": \"  Be brief.  \"}, {\"role\": \"user\", \"content\": \"Hi \303\251\\n\"}, {\"role\": \"assistant\", \"content\": \"<think>plan</think>\\n\\nHello there\"}, {\"role\": \"user\", \"content\": \"Q2\"}], \"add_generation_prompt\": true, \"bos_token\": \"<s>\", \"eos_token\": \"</s>\"}",
     "Be brief.|Be brief.  |  Be brief.|a|Hello there|['a', 'b', 'c']|['a', 'b', '', 'c']|['a', 'b c']|['a', 'b c ']|TrueTrueTrue|bba|-a-b-|H\303\211 SS|h\303\251|Hello world"},
    {"tojson: non-ASCII kept, escapes, indent, sort_keys, key order",
     "{{ messages[1:3]|tojson }}\n{{ tools|tojson(indent=2) }}\n{{ {'b':1,'a':[1,2.5,'\303\251\\n\\u0001\"\\\\/']}|tojson }}\n{{ {'b':1,'a':[]}|tojson(indent=4) }}\n{{ [1,{}]|tojson(indent=0) }}\n{{ {'b':1,'a':2}|tojson(sort_keys=true) }}\n{{ none|tojson }}{{ true|tojson }}{{ 1.0|tojson }}{{ {1:2, none:3}|tojson }}{{ n|tojson }}{{ big|tojson }}",
     "{\"messages\": [{\"role\": \"user\", \"content\": \"Hi \303\251\\n\"}, {\"role\": \"assistant\", \"content\": \"<think>plan</think>\\n\\nHello there\"}, {\"role\": \"user\", \"content\": \"Q2\"}], \"add_generation_prompt\": false, \"tools\": [{\"name\": \"get_weather\", \"parameters\": {\"type\": \"object\", \"properties\": {\"city\": {\"type\": \"string\"}}}}], \"enable_thinking\": false, \"n\": 3.0, \"big\": 1e+100}",
     "[{\"role\": \"assistant\", \"content\": \"<think>plan</think>\\n\\nHello there\"}, {\"role\": \"user\", \"content\": \"Q2\"}]\n[\n  {\n    \"name\": \"get_weather\",\n    \"parameters\": {\n      \"type\": \"object\",\n      \"properties\": {\n        \"city\": {\n          \"type\": \"string\"\n        }\n      }\n    }\n  }\n]\n{\"b\": 1, \"a\": [1, 2.5, \"\303\251\\n\\u0001\\\"\\\\/\"]}\n{\n    \"b\": 1,\n    \"a\": []\n}\n[\n1,\n{}\n]\n{\"a\": 2, \"b\": 1}\nnulltrue1.0{\"1\": 2, \"null\": 3}3.01e+100"},
    {"slicing and indexing",
     "{{ messages[-1]['content'] }}|{{ messages[1:]|length }}|{{ messages[::-1][0].role }}|{{ messages[::2]|length }}|{{ [1,2,3,4,5][1:4:2] }}|{{ [1,2,3][-5:10] }}|{{ [1,2,3][::-2] }}|{{ 'abcdef'[4:1:-1] }}|{{ 'h\303\251llo'[::-1] }}|{{ 'h\303\251llo'[1] }}|{{ 'h\303\251llo'[-2:] }}|{{ messages[0].role[:3] }}|{{ [1,2][5] }}|{{ 'abc'[10] }}",
     "{\"messages\": [{\"role\": \"system\", \"content\": \"  Be brief.  \"}, {\"role\": \"user\", \"content\": \"Hi \303\251\\n\"}, {\"role\": \"assistant\", \"content\": \"<think>plan</think>\\n\\nHello there\"}, {\"role\": \"user\", \"content\": \"Q2\"}], \"add_generation_prompt\": true, \"bos_token\": \"<s>\", \"eos_token\": \"</s>\"}",
     "Q2|3|user|2|[2, 4]|[1, 2, 3]|[3, 1]|edc|oll\303\251h|\303\251|lo|sys||"},
    {"whitespace control with trim_blocks and lstrip_blocks",
     "a\n  {% if true %}\n    b\n  {% endif %}\nc\n  {%- if true -%}\n    d\n  {%- endif %}\ne  {{- ' f ' -}}  g\n{# comment #}\nh\n  {# indented comment #}\ni{#- strip -#}   j\n  {{ 'k' }}\n{%+ if true %}plus{% endif %}\n  {%+ if true %}p2{% endif %}\n{% if true +%}\nkeep{% endif %}\n\t {% if true %}tab{% endif %}\r\nwin\r\n",
     "{\"messages\": [{\"role\": \"system\", \"content\": \"  Be brief.  \"}, {\"role\": \"user\", \"content\": \"Hi \303\251\\n\"}, {\"role\": \"assistant\", \"content\": \"<think>plan</think>\\n\\nHello there\"}, {\"role\": \"user\", \"content\": \"Q2\"}], \"add_generation_prompt\": true, \"bos_token\": \"<s>\", \"eos_token\": \"</s>\"}",
     "a\n    b\ncde f g\nh\nij\n  k\nplus  p2\nkeeptabwin"},
    {"printing values as Python does",
     "{{ 1e16 }} {{ 1.5 }} {{ 0.0001 }} {{ 0.00001 }} {{ 1/3 }} {{ 2.0 }} {{ -0.0 }} {{ 123456789012345678 }} {{ 1.0e22 }} {{ 12345.678 }} {{ n }} {{ big }} {{ [1,'a',none,true,'it\\'s', \"q\\\"\", 'both\\'\"', 1.5] }} {{ {'a':1, 'b':(1,), 'c':()} }} {{ true }} {{ none }} {{ undefined_name }}.",
     "{\"messages\": [{\"role\": \"user\", \"content\": \"Hi \303\251\\n\"}, {\"role\": \"assistant\", \"content\": \"<think>plan</think>\\n\\nHello there\"}, {\"role\": \"user\", \"content\": \"Q2\"}], \"add_generation_prompt\": false, \"tools\": [{\"name\": \"get_weather\", \"parameters\": {\"type\": \"object\", \"properties\": {\"city\": {\"type\": \"string\"}}}}], \"enable_thinking\": false, \"n\": 3.0, \"big\": 1e+100}",
     "1e+16 1.5 0.0001 1e-05 0.3333333333333333 2.0 -0.0 123456789012345678 1e+22 12345.678 3.0 1e+100 [1, 'a', None, True, \"it's\", 'q\"', 'both\\'\"', 1.5] {'a': 1, 'b': (1,), 'c': ()} True None ."},
    {"arithmetic",
     "{{ 3 // 2 }} {{ -3 // 2 }} {{ -3 % 2 }} {{ 7 / 2 }} {{ 2 ** 10 }} {{ 'ab' * 3 }} {{ -7.5 // 2 }} {{ 7.5 % -2 }} {{ 2 ** -1 }} {{ 3 * [1] }} {{ 2 * 3 + 4 }} {{ 2 + 3 * 4 }} {{ (2 + 3) * 4 }} {{ 2 ** 3 ** 2 }} {{ 10 - 2 - 3 }} {{ 'a' ~ 'b' + 'c' }} {{ - 3 | string }} {{ true + 1 }} {{ 1 ~ none ~ undefined_name ~ 1.5 }}",
     "{\"messages\": [{\"role\": \"system\", \"content\": \"  Be brief.  \"}, {\"role\": \"user\", \"content\": \"Hi \303\251\\n\"}, {\"role\": \"assistant\", \"content\": \"<think>plan</think>\\n\\nHello there\"}, {\"role\": \"user\", \"content\": \"Q2\"}], \"add_generation_prompt\": true, \"bos_token\": \"<s>\", \"eos_token\": \"</s>\"}",
     "1 -2 1 3.5 1024 ababab -4.0 -0.5 0.5 [1, 1, 1] 10 14 20 64 5 abc -3 2 1None1.5"},
    {"comparisons, logic, conditional expressions, in",
     "{{ 1 == 1.0 }}{{ true == 1 }}{{ 1 < 2 < 3 }}{{ 3 > 2 > 2 }}{{ 'a' < 'b' }}{{ [1,2] < [1,3] }}{{ {'a':1} == {'a':1.0} }}|{{ 'a' if false }}|{{ 'a' if false else 'b' }}|{{ 1 if 0 else 2 if 0 else 3 }}|{{ none or 'd' }}|{{ 0 and 1 }}|{{ 'x' and 'y' }}|{{ not 0 }}|{{ 'a' in 'cat' }}{{ 'z' not in 'cat' }}{{ 1 in [1,2] }}{{ 'role' in messages[0] }}{{ 'q' in undefined_name }}",
     "{\"messages\": [{\"role\": \"system\", \"content\": \"  Be brief.  \"}, {\"role\": \"user\", \"content\": \"Hi \303\251\\n\"}, {\"role\": \"assistant\", \"content\": \"<think>plan</think>\\n\\nHello there\"}, {\"role\": \"user\", \"content\": \"Q2\"}], \"add_generation_prompt\": true, \"bos_token\": \"<s>\", \"eos_token\": \"</s>\"}",
     "TrueTrueTrueFalseTrueTrueTrue||b|3|d|0|y|True|TrueTrueTrueTrueFalse"},
    {"tests",
     "{{ x is none }}{{ none is none }}{{ 'a' is string }}{{ 1 is number }}{{ true is number }}{{ [] is iterable }}{{ {} is mapping }}{{ [] is sequence }}{{ false is false }}{{ true is true }}{{ 1 is true }}{{ x is undefined }}{{ x is not defined }}{{ 1 is not string }}{{ 3 is odd }}{{ 4 is even }}{{ 9 is divisibleby 3 }}{{ 1 is eq 1 }}{{ 2 is in [1,2] }}{{ 1.5 is float }}{{ 1 is integer }}{{ true is boolean }}{{ messages[0].nope is defined }}",
     "{\"messages\": [{\"role\": \"system\", \"content\": \"  Be brief.  \"}, {\"role\": \"user\", \"content\": \"Hi \303\251\\n\"}, {\"role\": \"assistant\", \"content\": \"<think>plan</think>\\n\\nHello there\"}, {\"role\": \"user\", \"content\": \"Q2\"}], \"add_generation_prompt\": true, \"bos_token\": \"<s>\", \"eos_token\": \"</s>\"}",
     "FalseTrueTrueTrueTrueTrueTrueTrueTrueTrueFalseTrueTrueTrueTrueTrueTrueTrueTrueTrueTrueTrueFalse"},
    {"filters",
     "{{ '  x  '|trim }}|{{ 'xxyxx'|trim('x') }}|{{ [1,2,3]|length }}|{{ '\303\251'|length }}|{{ {'a':1}|count }}|{{ 'ab'|upper }}{{ 'AB'|lower }}|{{ x|default('dflt') }}|{{ ''|default('e', true) }}|{{ ''|default('e') }}|{{ [1,'a',none]|join(', ') }}|{{ 'abc'|join('-') }}|{{ 'aXbX'|replace('X','y') }}|{{ [3,4]|first }}{{ [3,4]|last }}{{ 'xy'|first }}|{{ 1.5|string }}|{{ 'ab'|list }}|{{ {'a':1,'b':[2]}|items|list }}|{{ [1,2]|reverse|list }}|{{ 'abc'|reverse }}|{{ x|d('D') }}|{{ 'hi there'|capitalize }}",
     "{\"messages\": [{\"role\": \"system\", \"content\": \"  Be brief.  \"}, {\"role\": \"user\", \"content\": \"Hi \303\251\\n\"}, {\"role\": \"assistant\", \"content\": \"<think>plan</think>\\n\\nHello there\"}, {\"role\": \"user\", \"content\": \"Q2\"}], \"add_generation_prompt\": true, \"bos_token\": \"<s>\", \"eos_token\": \"</s>\"}",
     "x|y|3|1|1|ABab|dflt|e||1, a, None|a-b-c|ayby|34x|1.5|['a', 'b']|[('a', 1), ('b', [2])]|[2, 1]|cba|D|Hi there"},
    {"dict methods, tuple unpacking, iteration",
     "{% for k, v in {'a':1,'b':2}.items() %}{{ k }}={{ v }};{% endfor %}{% for k, v in {'a':1}|items %}{{ k }}{{ v }}{% endfor %}{% for k in {'x':1,'y':2} %}{{ k }}{% endfor %}{% for c in 'h\303\251' %}[{{ c }}]{% endfor %}{{ {'a':1}.keys()|list }}{{ {'a':1}.values()|list }}{{ {'a':1}.get('a') }}{{ {'a':1}.get('b') }}{{ {'a':1}.get('b', 5) }}{{ range(3)|list }}{{ range(1, 10, 3)|list }}{% for i in range(5, 0, -2) %}{{ i }}{% endfor %}",
     "{\"messages\": [{\"role\": \"system\", \"content\": \"  Be brief.  \"}, {\"role\": \"user\", \"content\": \"Hi \303\251\\n\"}, {\"role\": \"assistant\", \"content\": \"<think>plan</think>\\n\\nHello there\"}, {\"role\": \"user\", \"content\": \"Q2\"}], \"add_generation_prompt\": true, \"bos_token\": \"<s>\", \"eos_token\": \"</s>\"}",
     "a=1;b=2;a1xy[h][\303\251]['a'][1]1None5[0, 1, 2][1, 4, 7]531"},
    {"string literals and escapes",
     "{{ \"dq\\\"\" }}{{ 'a\\tb\\x41\\u00e9\\U0001F600\\101\\q' }}{{ 'adj' 'acent' }}{{ 'multi\nline' }}{% set x %}block {{ 1 + 1 }}{% endset %}[{{ x }}]{% set y = 1, 2 %}{{ y }}",
     "{\"messages\": [{\"role\": \"system\", \"content\": \"  Be brief.  \"}, {\"role\": \"user\", \"content\": \"Hi \303\251\\n\"}, {\"role\": \"assistant\", \"content\": \"<think>plan</think>\\n\\nHello there\"}, {\"role\": \"user\", \"content\": \"Q2\"}], \"add_generation_prompt\": true, \"bos_token\": \"<s>\", \"eos_token\": \"</s>\"}",
     "dq\"a\tbA\303\251\360\237\230\200A\\qadjacentmulti\nline[block 2](1, 2)"},
    {"a Llama-2 style template",
     "{% if messages[0]['role'] == 'system' %}{% set sys = messages[0]['content'] %}{% set loop_messages = messages[1:] %}{% else %}{% set sys = false %}{% set loop_messages = messages %}{% endif %}{% for message in loop_messages %}{% if (message['role'] == 'user') != (loop.index0 % 2 == 0) %}{{ raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') }}{% endif %}{% if loop.index0 == 0 and sys != false %}{% set content = '<<SYS>>\\n' + sys + '\\n<</SYS>>\\n\\n' + message['content'] %}{% else %}{% set content = message['content'] %}{% endif %}{% if message['role'] == 'user' %}{{ bos_token + '[INST] ' + content.strip() + ' [/INST]' }}{% elif message['role'] == 'assistant' %}{{ ' '  + content.strip() + ' ' + eos_token }}{% endif %}{% endfor %}",
     "{\"messages\": [{\"role\": \"system\", \"content\": \"  Be brief.  \"}, {\"role\": \"user\", \"content\": \"Hi \303\251\\n\"}, {\"role\": \"assistant\", \"content\": \"<think>plan</think>\\n\\nHello there\"}, {\"role\": \"user\", \"content\": \"Q2\"}], \"add_generation_prompt\": true, \"bos_token\": \"<s>\", \"eos_token\": \"</s>\"}",
     "<s>[INST] <<SYS>>\n  Be brief.  \n<</SYS>>\n\nHi \303\251 [/INST] <think>plan</think>\n\nHello there </s><s>[INST] Q2 [/INST]"},
    {"a ChatML template with tools and thinking",
     "{%- if tools %}\n    {{- '<|im_start|>system\\n' }}\n    {%- if messages[0].role == 'system' %}\n        {{- messages[0].content + '\\n\\n' }}\n    {%- endif %}\n    {{- '# Tools\\n<tools>' }}\n    {%- for tool in tools %}\n        {{- '\\n' }}\n        {{- tool | tojson }}\n    {%- endfor %}\n    {{- '\\n</tools><|im_end|>\\n' }}\n{%- endif %}\n{%- for message in messages %}\n    {%- set content = message.content %}\n    {%- if message.role == 'assistant' and '</think>' in content %}\n        {%- set content = content.split('</think>')[-1].lstrip('\\n') %}\n    {%- endif %}\n    {{- '<|im_start|>' + message.role + '\\n' + content + '<|im_end|>\\n' }}\n{%- endfor %}\n{%- if add_generation_prompt %}\n    {{- '<|im_start|>assistant\\n' }}\n    {%- if enable_thinking is defined and enable_thinking is false %}\n        {{- '<think>\\n\\n</think>\\n\\n' }}\n    {%- endif %}\n{%- endif %}\n",
     "{\"messages\": [{\"role\": \"user\", \"content\": \"Hi \303\251\\n\"}, {\"role\": \"assistant\", \"content\": \"<think>plan</think>\\n\\nHello there\"}, {\"role\": \"user\", \"content\": \"Q2\"}], \"add_generation_prompt\": true, \"tools\": [{\"name\": \"get_weather\", \"parameters\": {\"type\": \"object\", \"properties\": {\"city\": {\"type\": \"string\"}}}}], \"enable_thinking\": false, \"n\": 3.0, \"big\": 1e+100}",
     "<|im_start|>system\n# Tools\n<tools>\n{\"name\": \"get_weather\", \"parameters\": {\"type\": \"object\", \"properties\": {\"city\": {\"type\": \"string\"}}}}\n</tools><|im_end|>\n<|im_start|>user\nHi \303\251\n<|im_end|>\n<|im_start|>assistant\nHello there<|im_end|>\n<|im_start|>user\nQ2<|im_end|>\n<|im_start|>assistant\n<think>\n\n</think>\n\n"},
};

/* renders into a fresh buffer; NULL on an error (the code in *rc, the message in err) */
static char *chat_render_json(const char *tmpl, const char *vars, const m2_chat_opts *o, size_t *len, m2_result *rc, char *err, size_t es) {
    size_t cap = 1024;
    for (;;) {
        char *buf = (char *)malloc(cap);
        if (!buf) return NULL;
        *rc = m2_chat_render_json(tmpl, -1, vars, -1, o, buf, cap, len, err, es);
        if (*rc == M2_OK) return buf;
        free(buf);
        if (*rc != M2_ERR_BUFFER_TOO_SMALL) return NULL;
        cap = *len + 1;
    }
}

TEST(chat, constructs_render_as_jinja) {
    NEED_CHAT();
    size_t i;
    for (i = 0; i < sizeof chat_cases / sizeof chat_cases[0]; i++) {
        char err[512];
        size_t len = 0;
        m2_result rc;
        char *got = chat_render_json(chat_cases[i].tmpl, chat_cases[i].vars, NULL, &len, &rc, err, sizeof err);
        if (!got) { FAIL_AT("%s: error %d: %s", chat_cases[i].what, (int)rc, err); continue; }
        if (len != strlen(chat_cases[i].want) || memcmp(got, chat_cases[i].want, len) != 0)
            FAIL_AT("%s:\n    got  [%s]\n    want [%s]", chat_cases[i].what, got, chat_cases[i].want);
        EXPECT_EQ(m2_chat_template_check(chat_cases[i].tmpl, -1, NULL, err, sizeof err), M2_OK);
        free(got);
    }
}

/* jv back to JSON text (json_mini keeps no number text: integers here are small) */
static void chat_jv_json(const jv *v, char **buf, size_t *n, size_t *cap) {
    char tmp[64];
    size_t i;
#define CHAT_PUT(s, l) do { size_t l_ = (l); if (*n + l_ + 1 > *cap) { *cap = (*n + l_ + 1) * 2; *buf = (char *)realloc(*buf, *cap); } memcpy(*buf + *n, (s), l_); *n += l_; (*buf)[*n] = 0; } while (0)
    switch (v->type) {
    case 0: CHAT_PUT("null", 4); break;
    case 1: if (v->num != 0) CHAT_PUT("true", 4); else CHAT_PUT("false", 5); break;
    case 2: snprintf(tmp, sizeof tmp, v->num == floor(v->num) && fabs(v->num) < 1e15 ? "%.0f" : "%.17g", v->num); CHAT_PUT(tmp, strlen(tmp)); break;
    case 3:
        CHAT_PUT("\"", 1);
        for (i = 0; i < v->len; i++) {
            unsigned char c = (unsigned char)v->str[i];
            if (c == '"' || c == '\\') { tmp[0] = '\\'; tmp[1] = (char)c; CHAT_PUT(tmp, 2); }
            else if (c < 0x20) { snprintf(tmp, sizeof tmp, "\\u%04x", c); CHAT_PUT(tmp, 6); }
            else CHAT_PUT(v->str + i, 1);
        }
        CHAT_PUT("\"", 1);
        break;
    case 4:
        CHAT_PUT("[", 1);
        for (i = 0; i < v->n; i++) { if (i) CHAT_PUT(",", 1); chat_jv_json(&v->items[i], buf, n, cap); }
        CHAT_PUT("]", 1);
        break;
    default:
        CHAT_PUT("{", 1);
        for (i = 0; i < v->n; i++) {
            jv k;
            memset(&k, 0, sizeof k);
            k.type = 3; k.str = v->keys[i]; k.len = strlen(v->keys[i]);
            if (i) CHAT_PUT(",", 1);
            chat_jv_json(&k, buf, n, cap);
            CHAT_PUT(":", 1);
            chat_jv_json(&v->items[i], buf, n, cap);
        }
        CHAT_PUT("}", 1);
    }
#undef CHAT_PUT
}

TEST(chat, golden_llama3_cases) {
    NEED_CHAT();
    char path[1200], tpath[1200], err[512];
    char *cases_text, *tmpl;
    const char *p;
    jv root;
    const jv *cases, *specials;
    size_t i, n_cases;
    int have_example = file_exists("example_chat");
    if (!shared_dir()) SKIP("golden data not found (../shared or $M2_SHARED_DIR)");
    snprintf(path, sizeof path, "%s/golden/tokenizers/llama3/chat_cases.json", shared_dir());
    snprintf(tpath, sizeof tpath, "%s/golden/tokenizers/llama3/chat_template.jinja", shared_dir());
    cases_text = (char *)read_file(path, NULL);
    tmpl = (char *)read_file(tpath, NULL);
    if (!cases_text || !tmpl) { free(cases_text); free(tmpl); SKIP("no llama3 chat cases in %s", shared_dir()); }
    p = cases_text;
    jm_value(&p, &root);
    cases = jm_get(&root, "cases");
    specials = jm_get(&root, "specials");
    ASSERT_TRUE(cases && cases->type == 4 && cases->n >= 5 && specials);
    n_cases = cases->n;
    for (i = 0; i < n_cases; i++) {
        const jv *c = &cases->items[i], *msgs = jm_get(c, "messages"), *gen = jm_get(c, "add_generation_prompt");
        const jv *extra = jm_get(c, "extra"), *want = jm_get(c, "rendered"), *name = jm_get(c, "name");
        const jv *bos = jm_get(specials, "bos_token"), *eos = jm_get(specials, "eos_token");
        char *vars = NULL, *got;
        size_t n = 0, cap = 0, len = 0, k;
        m2_chat_opts o;
        m2_result rc;
        memset(&o, 0, sizeof o);
        o.bos_token = bos && bos->type == 3 ? bos->str : NULL;
        o.eos_token = eos && eos->type == 3 ? eos->str : NULL;
        ASSERT_TRUE(msgs && gen && want && want->type == 3);
        /* {"messages": ..., "add_generation_prompt": ..., extra's keys...} */
        vars = (char *)malloc(cap = 256);
        vars[0] = 0;
        chat_jv_json(msgs, &vars, &n, &cap);
        {
            char *obj = (char *)malloc(n + 64);
            snprintf(obj, n + 64, "{\"messages\":%s,\"add_generation_prompt\":%s", vars, gen->num != 0 ? "true" : "false");
            free(vars);
            vars = obj;
            n = strlen(obj);
            cap = n + 64;
        }
        if (extra && extra->type == 5)
            for (k = 0; k < extra->n; k++) {
                jv key;
                memset(&key, 0, sizeof key);
                key.type = 3; key.str = extra->keys[k]; key.len = strlen(extra->keys[k]);
                vars = (char *)realloc(vars, cap = cap + 1);
                vars[n++] = ','; vars[n] = 0;
                chat_jv_json(&key, &vars, &n, &cap);
                vars = (char *)realloc(vars, cap = cap + 1);
                vars[n++] = ':'; vars[n] = 0;
                chat_jv_json(&extra->items[k], &vars, &n, &cap);
            }
        vars = (char *)realloc(vars, n + 2);
        vars[n++] = '}'; vars[n] = 0;
        got = chat_render_json(tmpl, vars, &o, &len, &rc, err, sizeof err);
        if (!got) FAIL_AT("%s: error %d: %s", name ? name->str : "?", (int)rc, err);
        else if (len != want->len || memcmp(got, want->str, len) != 0) FAIL_AT("%s: got [%s]\n    want [%s]", name ? name->str : "?", got, want->str);
        free(got);
        if (extra && extra->n == 0) { /* the C message API gives the same */
            m2_chat_message *m = (m2_chat_message *)malloc((msgs->n + 1) * sizeof *m);
            char *out = (char *)malloc(want->len + 1);
            for (k = 0; k < msgs->n; k++) { m[k].role = jm_get(&msgs->items[k], "role")->str; m[k].content = jm_get(&msgs->items[k], "content")->str; }
            EXPECT_EQ(m2_chat_render(tmpl, -1, m, msgs->n, gen->num != 0, &o, out, want->len + 1, &len, err, sizeof err), M2_OK);
            EXPECT_TRUE(len == want->len && memcmp(out, want->str, len) == 0);
            /* one byte short: the length, and nothing promised about out */
            EXPECT_EQ(m2_chat_render(tmpl, -1, m, msgs->n, gen->num != 0, &o, out, want->len, &len, err, sizeof err), M2_ERR_BUFFER_TOO_SMALL);
            EXPECT_EQ(len, want->len);
            free(m); free(out);
        }
        if (have_example && !no_external) { /* the command-line contract: exactly the text on stdout */
            char vp[600], op[600], cmd[3000], *out;
            size_t olen = 0;
            snprintf(vp, sizeof vp, "%s/chat_vars.json", tmp_dir);
            snprintf(op, sizeof op, "%s/chat_out.txt", tmp_dir);
            /* bos/eos from the JSON: no model is loaded with --template and no MODEL */
            vars[n - 1] = 0;
            {
                char *full = (char *)malloc(n + 200);
                snprintf(full, n + 200, "%s,\"bos_token\":\"%s\",\"eos_token\":\"%s\"}", vars, o.bos_token ? o.bos_token : "", o.eos_token ? o.eos_token : "");
                EXPECT_TRUE(write_file(vp, full, strlen(full)));
                free(full);
            }
            snprintf(cmd, sizeof cmd, "./example_chat --render --template '%s' < '%s' > '%s'", tpath, vp, op);
            EXPECT_EQ(run_command(cmd), 0);
            out = (char *)read_file(op, &olen);
            EXPECT_TRUE(out && olen == want->len && memcmp(out, want->str, olen) == 0);
            free(out);
        }
        free(vars);
    }
    jm_free(&root);
    free(cases_text);
    free(tmpl);
    if (!have_example) SKIP("example_chat not built: the C API cases passed, the command-line ones did not run");
}

TEST(chat, raise_and_runtime_errors) {
    NEED_CHAT();
    static const struct { const char *tmpl; m2_result rc; const char *msg; } bad[] = {
        {"{{ raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') }}", M2_ERR_INVALID_ARGUMENT, "Conversation roles must alternate user/assistant/user/assistant/..."},
        {"{% for m in messages %}{% if m.role == 'user' %}{{ raise_exception('no users: ' ~ loop.index) }}{% endif %}{% endfor %}", M2_ERR_INVALID_ARGUMENT, "no users: 1"},
        {"{{ x.y }}", M2_ERR_INVALID_ARGUMENT, "'x' is undefined"},
        {"{{ messages[0].nope.deeper }}", M2_ERR_INVALID_ARGUMENT, "'dict object' has no attribute 'nope'"},
        {"{{ 1 + 'a' }}", M2_ERR_INVALID_ARGUMENT, "unsupported operand"},
        {"{{ 1 / 0 }}", M2_ERR_INVALID_ARGUMENT, "ZeroDivisionError"},
        {"{{ 1 < 'a' }}", M2_ERR_INVALID_ARGUMENT, "'<' not supported"},
        {"{% for x in 5 %}{% endfor %}", M2_ERR_INVALID_ARGUMENT, "not iterable"},
        {"{% set x = 1 %}{% set x.y = 1 %}", M2_ERR_INVALID_ARGUMENT, "non-namespace"},
        {"{{ 'a' % 1 }}", M2_ERR_UNSUPPORTED, "string formatting"},
        {"{{ 9223372036854775807 + 1 }}", M2_ERR_INVALID_ARGUMENT, "overflow"},
        {"{{ 'ab'[::0] }}", M2_ERR_INVALID_ARGUMENT, "slice step cannot be zero"},
        {"{{ x|tojson }}", M2_ERR_INVALID_ARGUMENT, "not JSON serializable"},
        {"{{ [1]|tojson(separators=(',', ':')) }}", M2_ERR_UNSUPPORTED, "separators"},
        {"line one\n{{ messages | selectattr('role') }}", M2_ERR_UNSUPPORTED, "line 2: unsupported construct: the filter 'selectattr'"},
        {"{% macro m() %}{% endmacro %}", M2_ERR_UNSUPPORTED, "the {% macro %} tag"},
        {"{{ 'x'.format() }}", M2_ERR_UNSUPPORTED, "the method 'format'"},
        {"{{ strftime_now('%d') }}", M2_ERR_INVALID_ARGUMENT, "'strftime_now' is undefined"},
        {"{{ now('%d') }}", M2_ERR_UNSUPPORTED, "the function 'now'"},
        {"{% if x is callable %}{% endif %}", M2_ERR_UNSUPPORTED, "the test 'callable'"},
        {"{% if x %}", M2_ERR_FORMAT, "'endif' is missing"},
        {"{{ x ", M2_ERR_FORMAT, "unterminated tag"},
        {"{# x", M2_ERR_FORMAT, "unterminated comment"},
        {"{% if x %}{% endfor %}", M2_ERR_FORMAT, "unexpected 'endfor'"},
        {"{{ 'abc }}", M2_ERR_FORMAT, "unterminated string"},
        {"{{ [1, 2 }}", M2_ERR_FORMAT, "unexpected '}'"},
        {"{% continue %}", M2_ERR_FORMAT, "outside a loop"},
    };
    size_t i;
    const char *vars = "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"add_generation_prompt\":true}";
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char err[256], out[256];
        size_t len = 0;
        m2_result rc = m2_chat_render_json(bad[i].tmpl, -1, vars, -1, NULL, out, sizeof out, &len, err, sizeof err);
        if (rc != bad[i].rc || !strstr(err, bad[i].msg)) FAIL_AT("%s: %d [%s], want %d [%s]", bad[i].tmpl, (int)rc, err, (int)bad[i].rc, bad[i].msg);
        if (i < 2) EXPECT_TRUE(strcmp(err, bad[i].msg) == 0); /* raise_exception: the message verbatim */
        if (bad[i].rc == M2_ERR_UNSUPPORTED || bad[i].rc == M2_ERR_FORMAT) {
            if (strstr(bad[i].tmpl, "'a' % 1") || strstr(bad[i].tmpl, "separators")) continue; /* found when evaluated */
            EXPECT_EQ(m2_chat_template_check(bad[i].tmpl, -1, NULL, err, sizeof err), bad[i].rc);
        }
    }
}

/* counts every allocation, and refuses those over a limit */
typedef struct chat_count { long live, calls; size_t limit; } chat_count;
static void *chat_count_alloc(size_t n, void *u) {
    chat_count *c = (chat_count *)u;
    if (c->limit && n > c->limit) return NULL;
    c->live++; c->calls++;
    return malloc(n);
}
static void chat_count_free(void *p, void *u) { ((chat_count *)u)->live--; free(p); }

TEST(chat, hostile_templates_and_json) {
    NEED_CHAT();
    static const struct { const char *tmpl, *vars; m2_result rc; const char *msg; } bad[] = {
        {"{% for i in range(100000000) %}{% endfor %}", "{}", M2_ERR_INVALID_ARGUMENT, "max_steps"},
        {"{% set r = range(100000) %}{% for i in r %}{% for j in r %}{% endfor %}{% endfor %}", "{}", M2_ERR_INVALID_ARGUMENT, "max_steps"},
        {"{{ 'x' * 1000000000 }}", "{}", M2_ERR_OUT_OF_MEMORY, "max_output"},
        {"{% set ns = namespace(s='ab') %}{% for i in range(40) %}{% set ns.s = ns.s + ns.s %}{% endfor %}{{ ns.s|length }}", "{}", M2_ERR_OUT_OF_MEMORY, "max_"},
        {"{% for i in range(1000000) %}{{ 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' }}{% endfor %}", "{}", M2_ERR_OUT_OF_MEMORY, "max_output"},
        {"{% set ns = namespace(x=[]) %}{% for i in range(5000) %}{% set ns.x = [ns.x] %}{% endfor %}{{ ns.x }}", "{}", M2_ERR_INVALID_ARGUMENT, "nested too deeply"},
        {"{% set ns = namespace(x=[]) %}{% for i in range(5000) %}{% set ns.x = [ns.x] %}{% endfor %}{{ ns.x|tojson }}", "{}", M2_ERR_INVALID_ARGUMENT, "nested too deeply"},
        {"{% set ns = namespace(x=[]) %}{% for i in range(5000) %}{% set ns.x = [ns.x] %}{% endfor %}{{ ns.x == ns.x }}", "{}", M2_ERR_INVALID_ARGUMENT, "nested too deeply"},
        {"ok \xff", "{}", M2_ERR_FORMAT, "not valid UTF-8"},
        {"ok \xed\xa0\x80", "{}", M2_ERR_FORMAT, "not valid UTF-8"},
        {"{{ x }}", "{\"x\": \"\xc3\"}", M2_ERR_FORMAT, "invalid UTF-8"},
        {"{{ x }}", "{\"x\": \"\\ud800\"}", M2_ERR_FORMAT, "lone high surrogate"},
        {"{{ x }}", "{\"x\": \"\\udc00\"}", M2_ERR_FORMAT, "lone low surrogate"},
        {"{{ x }}", "{\"x\": \"a\tb\"}", M2_ERR_FORMAT, "control character"},
        {"{{ x }}", "{\"x\": 1} x", M2_ERR_FORMAT, "text after"},
        {"{{ x }}", "[1]", M2_ERR_FORMAT, "one JSON object"},
        {"{{ x }}", "{\"x\": 99999999999999999999}", M2_ERR_FORMAT, "64-bit"},
        {"{{ x }}", "{\"x\": 01}", M2_ERR_FORMAT, "expected ','"},
        {"{{ x }}", "{\"x\": NaN}", M2_ERR_FORMAT, "unexpected character"},
        {"{{ x }}", "{\"x\": [1,]}", M2_ERR_FORMAT, "unexpected character"},
        {"{{ x }}", "{\"x\": \"\\q\"}", M2_ERR_FORMAT, "bad escape"},
        {"{{ x }}", "{\"x\": \"abc", M2_ERR_FORMAT, "unterminated string"},
        {"{{ x }}", "", M2_ERR_FORMAT, "one JSON object"},
    };
    char err[256], *out = (char *)malloc(1 << 16), *deep;
    size_t i, len;
    int k;
    chat_count cnt;
    m2_chat_opts o;
    ASSERT_TRUE(out != NULL);
    memset(&cnt, 0, sizeof cnt);
    memset(&o, 0, sizeof o);
    o.alloc.alloc = chat_count_alloc;
    o.alloc.free = chat_count_free;
    o.alloc.user = &cnt;
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        m2_result rc = m2_chat_render_json(bad[i].tmpl, -1, bad[i].vars, -1, &o, out, 1 << 16, &len, err, sizeof err);
        if (rc != bad[i].rc || !strstr(err, bad[i].msg)) FAIL_AT("case %d: %d [%s], want %d [%s]", (int)i, (int)rc, err, (int)bad[i].rc, bad[i].msg);
        EXPECT_EQ(cnt.live, 0); /* every error path frees everything */
    }
    /* nesting: templates and JSON deeper than max_depth are refused, not recursed into */
    deep = (char *)malloc(400010);
    for (k = 0; k < 200000; k++) deep[k] = '[';
    for (k = 0; k < 200000; k++) deep[200000 + k] = ']';
    deep[400000] = 0;
    {
        char *t = (char *)malloc(400020);
        snprintf(t, 400020, "{{ %s }}", deep);
        EXPECT_EQ(m2_chat_render_json(t, -1, "{}", -1, &o, out, 1 << 16, &len, err, sizeof err), M2_ERR_FORMAT);
        for (k = 0; k < 200000; k++) t[3 + k] = '(';
        EXPECT_EQ(m2_chat_render_json(t, -1, "{}", -1, &o, out, 1 << 16, &len, err, sizeof err), M2_ERR_FORMAT);
        memcpy(t, "{{ x }}", 8);
        snprintf(t, 400020, "{\"x\": %s}", deep);
        EXPECT_EQ(m2_chat_render_json("{{ x }}", -1, t, -1, &o, out, 1 << 16, &len, err, sizeof err), M2_ERR_FORMAT);
        EXPECT_TRUE(strstr(err, "nested too deeply") != NULL);
        t[0] = 0;
        for (k = 0; k < 3000; k++) strcat(t, "{% if true %}");
        EXPECT_EQ(m2_chat_render_json(t, -1, "{}", -1, &o, out, 1 << 16, &len, err, sizeof err), M2_ERR_FORMAT);
        EXPECT_TRUE(strstr(err, "max_depth") != NULL);
        free(t);
    }
    free(deep);
    EXPECT_EQ(cnt.live, 0);
    /* a small max_memory, and an allocator that refuses: errors, no leaks */
    o.max_memory = 100000;
    EXPECT_EQ(m2_chat_render_json("{% for i in range(100000) %}{% endfor %}", -1, "{}", -1, &o, out, 1 << 16, &len, err, sizeof err), M2_ERR_OUT_OF_MEMORY);
    o.max_memory = 0;
    cnt.limit = 1000;
    EXPECT_EQ(m2_chat_render_json("{{ 'x' * 5000 }}", -1, "{}", -1, &o, out, 1 << 16, &len, err, sizeof err), M2_ERR_OUT_OF_MEMORY);
    cnt.limit = 0;
    EXPECT_EQ(cnt.live, 0);
    /* the caps are options: a smaller max_steps stops a loop that the default lets run */
    EXPECT_EQ(m2_chat_render_json("{% for i in range(1000) %}{% endfor %}ok", -1, "{}", -1, &o, out, 1 << 16, &len, err, sizeof err), M2_OK);
    o.max_steps = 500;
    EXPECT_EQ(m2_chat_render_json("{% for i in range(1000) %}{% endfor %}ok", -1, "{}", -1, &o, out, 1 << 16, &len, err, sizeof err), M2_ERR_INVALID_ARGUMENT);
    o.max_steps = 0;
    o.max_output = 10;
    EXPECT_EQ(m2_chat_render_json("0123456789abc", -1, "{}", -1, &o, out, 1 << 16, &len, err, sizeof err), M2_ERR_OUT_OF_MEMORY);
    o.max_output = 0;
    /* arguments */
    EXPECT_EQ(m2_chat_render_json(NULL, -1, "{}", -1, NULL, out, 16, &len, err, sizeof err), M2_ERR_INVALID_ARGUMENT);
    EXPECT_EQ(m2_chat_render_json("x", -1, NULL, -1, NULL, out, 16, &len, err, sizeof err), M2_ERR_INVALID_ARGUMENT);
    EXPECT_EQ(m2_chat_render_json("x", -1, "{}", -1, NULL, NULL, 16, &len, err, sizeof err), M2_ERR_INVALID_ARGUMENT);
    EXPECT_EQ(m2_chat_render("x", -1, NULL, 1, 0, NULL, out, 16, &len, err, sizeof err), M2_ERR_INVALID_ARGUMENT);
    {
        m2_chat_message m[1];
        m[0].role = "user"; m[0].content = NULL;
        EXPECT_EQ(m2_chat_render("x", -1, m, 1, 0, NULL, out, 16, &len, err, sizeof err), M2_ERR_INVALID_ARGUMENT);
        m[0].content = "\xc0\x80";
        EXPECT_EQ(m2_chat_render("x", -1, m, 1, 0, NULL, out, 16, &len, err, sizeof err), M2_ERR_INVALID_ARGUMENT);
        m[0].content = "hi";
        /* bos_token / eos_token: undefined unless given; the JSON overrides them */
        EXPECT_EQ(m2_chat_render("{{ bos_token is defined }}{{ messages[0].content }}", -1, m, 1, 0, NULL, out, 64, &len, err, sizeof err), M2_OK);
        EXPECT_TRUE(strcmp(out, "Falsehi") == 0);
        o.bos_token = "<B>";
        EXPECT_EQ(m2_chat_render("{{ bos_token }}{{ add_generation_prompt }}", -1, m, 1, 1, &o, out, 64, &len, err, sizeof err), M2_OK);
        EXPECT_TRUE(strcmp(out, "<B>True") == 0);
        EXPECT_EQ(m2_chat_render_json("{{ bos_token }}", -1, "{\"bos_token\":\"<J>\"}", -1, &o, out, 64, &len, err, sizeof err), M2_OK);
        EXPECT_TRUE(strcmp(out, "<J>") == 0);
    }
    /* a NUL byte inside a JSON string stays in the text */
    EXPECT_EQ(m2_chat_render_json("[{{ x }}]", -1, "{\"x\":\"a\\u0000b\"}", -1, NULL, out, 64, &len, err, sizeof err), M2_OK);
    EXPECT_TRUE(len == 5 && memcmp(out, "[a\0b]", 5) == 0);
    /* JSON: duplicate keys keep the last value at the first place; surrogate pairs decode */
    EXPECT_EQ(m2_chat_render_json("{{ d }}{{ e }}", -1, "{\"d\":{\"a\":1,\"b\":2,\"a\":3},\"e\":\"\\ud83d\\ude00\\u00e9\"}", -1, NULL, out, 64, &len, err, sizeof err), M2_OK);
    EXPECT_TRUE(strcmp(out, "{'a': 3, 'b': 2}\xf0\x9f\x98\x80\xc3\xa9") == 0);
    free(out);
    EXPECT_EQ(cnt.live, 0);
}

TEST(chat, example_render_contract) {
    NEED_CHAT();
    char tp[600], vp[600], op[600], ep[600], cmd[3000], *txt;
    size_t n;
    if (no_external) SKIP("needs a shell: external commands are off");
    if (!file_exists("example_chat")) SKIP("example_chat not built (make example_chat)");
    snprintf(tp, sizeof tp, "%s/chat_t.jinja", tmp_dir);
    snprintf(vp, sizeof vp, "%s/chat_v.json", tmp_dir);
    snprintf(op, sizeof op, "%s/chat_o.txt", tmp_dir);
    snprintf(ep, sizeof ep, "%s/chat_e.txt", tmp_dir);
    /* other top-level keys are template variables; the output is exact (no newline added) */
    {
        const char *t = "{% for m in messages %}{% if (m.role == 'user') != (loop.index0 % 2 == 0) %}"
                        "{{ raise_exception('Conversation roles must alternate') }}{% endif %}"
                        "<{{ m.role }}>{{ m.content }}{% endfor %}{% if add_generation_prompt %}<assistant>{% endif %}"
                        "{{ tools|tojson if tools is defined }}{{ '!' if enable_thinking is false }}\n";
        const char *v = "{\"messages\": [{\"role\": \"user\", \"content\": \"h\\u00e9\"}], \"add_generation_prompt\": true, "
                        "\"tools\": [{\"name\": \"f\"}], \"enable_thinking\": false}";
        ASSERT_TRUE(write_file(tp, t, strlen(t)) && write_file(vp, v, strlen(v)));
    }
    snprintf(cmd, sizeof cmd, "./example_chat --render --template '%s' < '%s' > '%s' 2> '%s'", tp, vp, op, ep);
    EXPECT_EQ(run_command(cmd), 0);
    txt = (char *)read_file(op, &n);
    EXPECT_TRUE(txt && n == strlen("<user>h\xc3\xa9<assistant>[{\"name\": \"f\"}]!") && memcmp(txt, "<user>h\xc3\xa9<assistant>[{\"name\": \"f\"}]!", n) == 0);
    free(txt);
    /* roles that do not alternate: non-zero exit, the template's message on stderr, nothing on stdout */
    {
        const char *v = "{\"messages\": [{\"role\": \"assistant\", \"content\": \"x\"}], \"add_generation_prompt\": false}";
        ASSERT_TRUE(write_file(vp, v, strlen(v)));
    }
    EXPECT_TRUE(run_command(cmd) != 0);
    txt = (char *)read_file(ep, NULL);
    EXPECT_TRUE(txt && strstr(txt, "Conversation roles must alternate") != NULL);
    free(txt);
    txt = (char *)read_file(op, &n);
    EXPECT_TRUE(txt && n == 0);
    free(txt);
    /* malformed JSON on stdin */
    ASSERT_TRUE(write_file(vp, "{\"messages\": [", 14));
    EXPECT_TRUE(run_command(cmd) != 0);
}

/* tools/chat_template_check.py passes its own tests, and the C parser gives the same verdict on
   every template of its lists (the converter refuses exactly what the header cannot render). */
TEST(chat, python_checker_agrees) {
    NEED_CHAT();
    char cmd[2048], dir[600], path[700], *index, *line, *log;
    int rc, n = 0;
    if (no_external) SKIP("needs python3: external commands are off");
    snprintf(dir, sizeof dir, "%s/chat_lists", tmp_dir);
    snprintf(path, sizeof path, "%s/chat_check.log", tmp_dir);
    snprintf(cmd, sizeof cmd, "%s tests/test_chat_template.py --dump '%s' > '%s' 2>&1", python(), dir, path);
    rc = run_command(cmd);
    log = (char *)read_file(path, NULL);
    if (rc != 0) FAIL_AT("tests/test_chat_template.py failed:\n%s", log ? log : "(no output)");
    free(log);
    snprintf(path, sizeof path, "%s/index.txt", dir);
    index = (char *)read_file(path, NULL);
    ASSERT_TRUE(index != NULL);
    for (line = strtok(index, "\n"); line; line = strtok(NULL, "\n")) {
        char tp[800], err[256], *t;
        int accept = !strncmp(line, "accept ", 7);
        m2_result r;
        snprintf(tp, sizeof tp, "%s/%s", dir, line + 7);
        t = (char *)read_file(tp, NULL);
        if (!t) { FAIL_AT("cannot read %s", tp); continue; }
        r = m2_chat_template_check(t, -1, NULL, err, sizeof err);
        if ((r == M2_OK) != accept) FAIL_AT("%s: the checker says %s, the header %d (%s)", line + 7, accept ? "accept" : "refuse", (int)r, err);
        free(t);
        n++;
    }
    free(index);
    EXPECT_TRUE(n > 30);
}
