// tests/http/lib/fake-llm.mjs - a tiny OpenAI-compatible chat endpoint for
// the assistant's rephrasing tests: POST /v1/chat/completions answers
// according to the current mode, which the test switches with setMode().
//
//   const llm = await startFakeLlm();
//   const srv = await startServer({ env: { MOTCUA_LLM_URL: llm.url } });
//   llm.setMode('faithful');   // rephrases, keeping every number and link
//   llm.setMode('drop');       // drops the first number of the answer
//   llm.setMode('slow');       // answers only after 5 s (past the timeout)
//   llm.setMode('error');      // HTTP 500
//   llm.requests               // every request body received (parsed JSON)
//   await llm.close();
import { createServer } from 'node:http';

export async function startFakeLlm() {
  let mode = 'faithful';
  const requests = [];
  const timers = new Set();
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => { raw += c; });
    req.on('end', () => {
      let body = {};
      try { body = JSON.parse(raw); } catch { /* kept empty */ }
      requests.push({ path: req.url, body });
      const user = (body.messages || []).find((m) => m.role === 'user');
      const text = user ? user.content : '';
      let content = text;
      if (mode === 'faithful') content = `Dạ, xin trả lời bạn như sau:\n${text}`;
      if (mode === 'drop') content = `Dạ, ${text.replace(/\d[\d.,]*/, 'một khoản')}`;
      const reply = () => {
        if (res.destroyed) return;
        if (mode === 'error') {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end('{"error":"boom"}');
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({
          id: 'fake', object: 'chat.completion', model: body.model,
          choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
        }));
      };
      if (req.url !== '/v1/chat/completions' || req.method !== 'POST') {
        res.writeHead(404);
        res.end();
      } else if (mode === 'slow') {
        const t = setTimeout(() => { timers.delete(t); reply(); }, 5000);
        timers.add(t);
      } else {
        reply();
      }
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    setMode(m) { mode = m; },
    close() {
      for (const t of timers) clearTimeout(t);
      server.closeAllConnections?.();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}
