// An edge worker over the package. Per request it verifies the caller's TOTP code,
// checks that the user may send to the chat, and scans the prompt. The engines are built
// at global scope, which draws no randomness (workers refuse it there); the first scan,
// inside a request, draws the scan id prefix.
//
//   POST /  {"user": "alice", "prompt": "...", "code": "123456"}
//   -> 400 bad body | 401 bad code | 403 not allowed, or prompt blocked | 200
//   JSON { mfa, access, action, matches, scanId }
import { Rbac, Scanner, Totp } from 'promptward';

const scanner = new Scanner();
const totp = new Totp();
const rbac = new Rbac({
  rbac: {
    roles: {
      member: { permissions: ['chat:send', 'chat:read'] },
      auditor: { permissions: ['chat:read'] },
    },
    users: { alice: ['member'], bob: ['auditor'] },
  },
});

export default {
  async fetch(request, env) {
    if (request.method !== 'POST') {
      return new Response('POST {"user", "prompt", "code"}\n', { status: 405 });
    }
    let body;
    try {
      body = await request.json();
    } catch {
      return Response.json({ error: 'the body must be JSON' }, { status: 400 });
    }
    const { user, prompt, code } = body;
    if ([user, prompt, code].some((field) => typeof field !== 'string')) {
      const error = '`user`, `prompt` and `code` must be strings';
      return Response.json({ error }, { status: 400 });
    }

    if (totp.verify(env.TOTP_SECRET, code) === null) {
      return Response.json({ mfa: 'invalid' }, { status: 401 });
    }
    if (!rbac.check(user, 'chat:send')) {
      return Response.json({ mfa: 'ok', access: 'denied' }, { status: 403 });
    }
    const result = scanner.scan(prompt);
    const answer = {
      mfa: 'ok',
      access: 'granted',
      action: result.action,
      matches: result.matches.map((m) => ({ rule: m.rule, start: m.start, end: m.end })),
      scanId: result.scanId,
    };
    return Response.json(answer, { status: result.action === 'block' ? 403 : 200 });
  },
};
