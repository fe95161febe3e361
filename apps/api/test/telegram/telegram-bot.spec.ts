import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { base64ToBytes, decodeBatchFrame, readRecord, RESET_X } from '@pixel-wars/protocol';
import { AdminAuditLog } from '../../src/app/admin/admin-audit-log';
import { CanvasService } from '../../src/app/canvas/canvas.service';
import { joinAsPlayer, TestPlayer, waitFor } from '../support/players';
import { startTestApp, TestApp } from '../support/test-app';
import { REFUSALS_PER_WINDOW } from '../../src/app/telegram/telegram-refusals';
import { FakeBotApi, RecordedCall } from './fake-bot-api';

const ADMIN = { id: 111, username: 'alice_admin' };
const OTHER_ADMIN = { id: 333, username: 'bob_admin' };
const STRANGER = { id: 222, username: 'mallory' };

interface ResetSeen {
  version: number;
  color: number;
}

describe('Telegram admin bot (long polling against a fake Bot API)', () => {
  let api: FakeBotApi;
  let t: TestApp;
  let player: TestPlayer;
  const resets: ResetSeen[] = [];
  const notices: string[] = [];

  /** Sends a command as `from` and resolves with the bot's first reply in that chat. */
  async function command(from: { id: number; username?: string }, text: string): Promise<RecordedCall> {
    const since = api.calls.length;
    api.sendText(from, text);
    return api.waitForCall('sendMessage', (c) => c.params['chat_id'] === from.id, { since });
  }

  /** Sends a command that asks for confirmation, presses `choice`, resolves with the edited message. */
  async function confirmed(
    text: string,
    choice: 'confirm' | 'cancel',
    by = ADMIN,
  ): Promise<{ prompt: RecordedCall; answer: RecordedCall; edit: RecordedCall }> {
    const prompt = await command(ADMIN, text);
    const buttons = FakeBotApi.buttons(prompt);
    expect(buttons).toHaveLength(2);
    const since = api.calls.length;
    api.pressButton(by, prompt, buttons[choice === 'confirm' ? 0 : 1].data);
    const answer = await api.waitForCall('answerCallbackQuery', () => true, { since });
    const edit = await api.waitForCall('editMessageText', () => true, { since, timeoutMs: 10_000 });
    return { prompt, answer, edit };
  }

  const canvas = () => t.app.get(CanvasService);

  beforeAll(async () => {
    api = await new FakeBotApi().start();
    t = await startTestApp({
      TELEGRAM_BOT_TOKEN: api.token,
      TELEGRAM_API_ROOT: api.url,
      TELEGRAM_ADMIN_IDS: `${ADMIN.id},${OTHER_ADMIN.id}`,
      FEEDBACK_RATE_LIMIT_PER_MIN: '1000',
    });
    player = await joinAsPlayer(t.url, 'carol');
    player.socket.on('pixels', (b64: string) => {
      const frame = decodeBatchFrame(base64ToBytes(b64));
      for (let i = 0; i < frame.count; i++) {
        const record = readRecord(frame.records, i);
        if (record.x === RESET_X) resets.push({ version: frame.firstVersion + i, color: record.color });
      }
    });
    player.socket.on('notice', (n: { message: string }) => notices.push(n.message));
    await api.waitForCall('getUpdates');
  });

  afterAll(async () => {
    player?.close();
    await t?.close();
    await api?.stop();
  });

  it('connects with getMe and publishes the command menu to the admins only', async () => {
    expect(api.callsOf('getMe').length).toBeGreaterThan(0);
    const menus = api.callsOf('setMyCommands').filter((c) => c.params['language_code'] === undefined);
    expect(menus.map((c) => c.params['scope'])).toEqual([
      { type: 'chat', chat_id: ADMIN.id },
      { type: 'chat', chat_id: OTHER_ADMIN.id },
    ]);
    const names = menus[0].params['commands'].map((c: { command: string }) => c.command);
    expect(names).toEqual(expect.arrayContaining(['clear', 'newgame', 'pause', 'resume', 'stats', 'feedback', 'ban', 'unban', 'announce', 'help']));
  });

  it('refuses a non-admin politely, logs the attempt and changes nothing', async () => {
    const before = canvas().version;
    const reply = await command(STRANGER, '/clear 3');
    expect(reply.params['text']).toContain('only takes commands from the Pixel Wars admins');
    expect(reply.params['text']).toContain(String(STRANGER.id));
    expect(reply.params['reply_markup']).toBeUndefined();
    await new Promise((r) => setTimeout(r, 100));
    expect(canvas().version).toBe(before);
    expect(resets).toHaveLength(0);
    const entry = (await t.app.get(AdminAuditLog).latest(1))[0];
    expect(entry).toMatchObject({ actorId: String(STRANGER.id), actorName: '@mallory', action: 'clear', args: '3', result: 'denied' });
  });

  it('/clear asks for confirmation, then a reset record reaches the connected socket', async () => {
    const before = canvas().version;
    const { prompt, answer, edit } = await confirmed('/clear 5', 'confirm');
    expect(prompt.params['text']).toContain('Clear the whole 64×48 canvas');
    expect(answer.params['callback_query_id']).toBeTruthy();
    expect(edit.params['text']).toContain(`version ${before + 1}`);
    await waitFor(() => resets.length === 1, 3000);
    expect(resets[0]).toEqual({ version: before + 1, color: 5 });
    expect(canvas().version).toBe(before + 1);
    expect(
      canvas()
        .pixels()
        .every((p) => p === 5),
    ).toBe(true);
    const [done, requested] = await t.app.get(AdminAuditLog).latest(2);
    expect(requested).toMatchObject({ action: 'clear', result: 'requested', actorId: String(ADMIN.id) });
    expect(done).toMatchObject({ action: 'clear', args: '5', result: 'ok', actorName: '@alice_admin' });
  });

  it('/clear without a colour uses the background; Cancel leaves the canvas alone', async () => {
    const before = canvas().version;
    const { edit } = await confirmed('/clear', 'cancel');
    expect(edit.params['text']).toContain('Cancelled');
    await new Promise((r) => setTimeout(r, 100));
    expect(canvas().version).toBe(before);
    expect((await t.app.get(AdminAuditLog).latest(1))[0]).toMatchObject({ action: 'clear', result: 'cancelled' });
  });

  it('a confirmation button works once, and never for a non-admin', async () => {
    const before = canvas().version;
    const prompt = await command(ADMIN, '/clear 2');
    const [yes] = FakeBotApi.buttons(prompt);
    let since = api.calls.length;
    api.pressButton(STRANGER, prompt, yes.data);
    const refused = await api.waitForCall('answerCallbackQuery', () => true, { since });
    expect(refused.params['text']).toContain('only the Pixel Wars admins');
    expect(canvas().version).toBe(before);

    since = api.calls.length;
    api.pressButton(OTHER_ADMIN, prompt, yes.data);
    await api.waitForCall('editMessageText', () => true, { since });
    await waitFor(() => canvas().version === before + 1);

    since = api.calls.length;
    api.pressButton(ADMIN, prompt, yes.data);
    const again = await api.waitForCall('answerCallbackQuery', () => true, { since });
    expect(again.params['text']).toContain('expired or was already answered');
    await new Promise((r) => setTimeout(r, 100));
    expect(canvas().version).toBe(before + 1);
  });

  it('/clear rejects a colour outside the palette without asking', async () => {
    const reply = await command(ADMIN, '/clear 99');
    expect(reply.params['text']).toContain('not in the palette');
    expect(reply.params['reply_markup']).toBeUndefined();
    expect((await t.app.get(AdminAuditLog).latest(1))[0]).toMatchObject({ action: 'clear', result: 'rejected' });
  });

  it('/pause makes placements 403 PAUSED and /resume allows them again', async () => {
    expect((await command(ADMIN, '/pause')).params['text']).toContain('paused');
    const paused = await player.place(1, 1, 3);
    expect(paused.status).toBe(403);
    expect((await paused.json()).code).toBe('PAUSED');
    expect((await command(ADMIN, '/pause')).params['text']).toContain('already paused');
    expect((await command(ADMIN, '/resume')).params['text']).toContain('allowed again');
    expect((await player.place(1, 1, 3)).status).toBe(201);
  });

  it('/stats reports version, placements, players, queue, sockets, load and memory', async () => {
    const reply = await command(ADMIN, '/stats');
    const text = reply.params['text'] as string;
    expect(reply.params['parse_mode']).toBe('HTML');
    expect(text).toContain(`Version: <b>${canvas().version}</b>`);
    expect(text).toMatch(/Placements: \d+ last minute, \d+ last hour/);
    expect(text).toMatch(/Players: 1 playing, 0 queued/);
    expect(text).toContain('Sockets: 1');
    expect(text).toMatch(/Event loop delay: p99 [\d.]+ ms/);
    expect(text).toMatch(/Memory: RSS [\d.]+ MB/);
  });

  it('/announce sends a notice to every socket', async () => {
    const reply = await command(ADMIN, '/announce Maintenance at 18:00 <b>UTC</b>');
    expect(reply.params['text']).toBe('Announcement sent to 1 connected socket.');
    await waitFor(() => notices.length === 1);
    expect(notices[0]).toBe('Maintenance at 18:00 <b>UTC</b>');
    expect((await command(ADMIN, '/announce')).params['text']).toContain('Usage: /announce');
  });

  it('/ban by email makes placements 403 BANNED and drops the player; /unban lifts it', async () => {
    const dave = await joinAsPlayer(t.url, 'dave');
    try {
      const me = (await (await fetch(`${t.url}/api/me`, { headers: dave.headers })).json()) as { user: { id: string; email: string } };
      const closed = new Promise<void>((resolve) => dave.socket.once('disconnect', () => resolve()));
      const reply = await command(ADMIN, `/ban ${me.user.email} 30`);
      expect(reply.params['text']).toContain('Banned <b>dave</b>');
      expect(reply.params['text']).toContain('for 30 min');
      await closed;
      const refused = await dave.place(2, 2, 4);
      expect(refused.status).toBe(403);
      expect((await refused.json()).code).toBe('BANNED');
      expect((await command(ADMIN, `/unban ${me.user.id}`)).params['text']).toContain('Unbanned <b>dave</b>');
      expect((await command(ADMIN, `/unban ${me.user.id}`)).params['text']).toContain('was not banned');
      expect((await command(ADMIN, '/ban nobody@example.com')).params['text']).toContain('No user matches');
      expect((await command(ADMIN, '/ban')).params['text']).toContain('Usage: /ban');
      expect((await command(ADMIN, `/ban ${me.user.email} soon`)).params['text']).toContain('not a number of minutes');
    } finally {
      dave.close();
    }
  });

  it('/newgame WxH archives and starts a fresh canvas of that size after confirmation', async () => {
    const game = canvas().game;
    const { prompt, edit } = await confirmed('/newgame 32x16', 'confirm');
    expect(prompt.params['text']).toContain('start a new <b>32×16</b> game');
    expect(edit.params['text']).toContain(`Game <b>${game + 1}</b> started`);
    expect(canvas().game).toBe(game + 1);
    expect(canvas().width).toBe(32);
    expect(canvas().height).toBe(16);
    expect((await command(ADMIN, '/newgame 5000x10')).params['text']).toContain('1–4096');
  });

  it('/feedback lists the latest feedback; feedback is forwarded to every admin chat', async () => {
    const since = api.calls.length;
    const res = await fetch(`${t.url}/api/feedback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'spec-agent/1.0' },
      body: JSON.stringify({ message: 'The <canvas> is great & fast', contact: 'me@example.com' }),
    });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: number };
    for (const admin of [ADMIN, OTHER_ADMIN]) {
      const forwarded = await api.waitForCall('sendMessage', (c) => c.params['chat_id'] === admin.id, { since });
      expect(forwarded.params['parse_mode']).toBe('HTML');
      expect(forwarded.params['text']).toContain(`Feedback #${id}`);
      expect(forwarded.params['text']).toContain('The &lt;canvas&gt; is great &amp; fast');
      expect(forwarded.params['text']).toContain('Contact: me@example.com');
      expect(forwarded.params['text']).toContain('spec-agent/1.0');
    }
    const listing = await command(ADMIN, '/feedback 3');
    expect(listing.params['text']).toContain(`Feedback #${id}`);
    expect((await command(ADMIN, '/feedback zero')).params['text']).toContain('not a positive number');
  });

  it('/help lists every command, /start answers the same, unknown commands get a hint', async () => {
    const help = (await command(ADMIN, '/help')).params['text'] as string;
    for (const usage of [
      '/clear [colour]',
      '/newgame [WxH]',
      '/pause',
      '/resume',
      '/stats',
      '/feedback [n]',
      '/ban &lt;email or id&gt; [minutes]',
      '/unban',
      '/announce',
      '/help',
    ]) {
      expect(help).toContain(usage);
    }
    expect((await command(ADMIN, '/start')).params['text']).toBe(help);
    expect((await command(ADMIN, '/frobnicate')).params['text']).toContain('Unknown command /frobnicate');
    const since = api.calls.length;
    api.sendText(ADMIN, '/stats@some_other_bot');
    await expect(api.waitForCall('sendMessage', () => true, { since, timeoutMs: 400 })).rejects.toThrow('no sendMessage call matched');
  });

  it('does not run a command sent long ago while the server was offline', async () => {
    const since = api.calls.length;
    api.sendText(ADMIN, '/pause', { ageSeconds: 3600 });
    const reply = await api.waitForCall('sendMessage', (c) => c.params['chat_id'] === ADMIN.id, { since });
    expect(reply.params['text']).toContain('Not run: /pause was sent 1 h ago');
    expect(canvas().paused).toBe(false);
    expect((await t.app.get(AdminAuditLog).latest(1))[0]).toMatchObject({ action: 'pause', result: 'rejected' });
  });

  it('/audit shows the latest admin actions', async () => {
    const text = (await command(ADMIN, '/audit 30')).params['text'] as string;
    expect(text).toContain('/clear 5 → <b>ok</b>');
    expect(text).toContain('@mallory: /clear 3 → <b>denied</b>');
  });

  it('answers each command exactly once (a handler that returned its reply would add "[object Object]")', async () => {
    for (const text of ['/palette', '/stats', '/pause', '/resume', '/frobnicate']) {
      const since = api.calls.length;
      api.sendText(ADMIN, text);
      await api.waitForCall('sendMessage', (c) => c.params['chat_id'] === ADMIN.id, { since });
      await new Promise((r) => setTimeout(r, 150));
      const replies = api.calls.slice(since).filter((c) => c.method === 'sendMessage' && c.params['chat_id'] === ADMIN.id);
      expect(replies.map((c) => c.params['text'])).toHaveLength(1);
      expect(replies[0].params['text']).not.toBe('[object Object]');
    }
  });

  it('rate-limits refusals per Telegram user: no reply flood, no audit flood', async () => {
    const flooder = { id: 444, username: 'flooder' };
    const auditBefore = (await t.app.get(AdminAuditLog).latest(1000)).length;
    const since = api.calls.length;
    for (let i = 0; i < 12; i++) api.sendText(flooder, `/clear ${i}`);
    const last = api.pressButton(
      flooder,
      { method: 'sendMessage', params: { chat_id: flooder.id, text: 'x' }, result: { message_id: 1 }, at: 0 },
      'cf:AAAAAAAAAAAA:y',
    );
    await api.waitForCall('getUpdates', (c) => c.params['offset'] > last.update_id, { since });
    await new Promise((r) => setTimeout(r, 300));
    const refusals = api.calls
      .slice(since)
      .filter((c) => (c.method === 'sendMessage' && c.params['chat_id'] === flooder.id) || c.method === 'answerCallbackQuery');
    expect(refusals).toHaveLength(REFUSALS_PER_WINDOW);
    expect(refusals[0].params['text']).toContain('Your Telegram user id is 444');
    const entries = (await t.app.get(AdminAuditLog).latest(1000)).filter((e) => e.actorId === String(flooder.id));
    expect(entries).toHaveLength(REFUSALS_PER_WINDOW);
    expect((await t.app.get(AdminAuditLog).latest(1000)).length - auditBefore).toBe(REFUSALS_PER_WINDOW);
    // another non-admin still gets an answer
    expect((await command({ id: 555 }, '/stats')).params['text']).toContain('only takes commands from the Pixel Wars admins');
  });

  it('/snapshot sends the PNG as a document', async () => {
    const since = api.calls.length;
    api.sendText(ADMIN, '/snapshot');
    const upload = await api.waitForCall('sendDocument', () => true, { since, timeoutMs: 10_000 });
    expect(upload.params).toEqual({ multipart: true });
    expect(api.calls.slice(since).filter((c) => c.method === 'sendMessage' && c.params['chat_id'] === ADMIN.id)).toEqual([]);
  });
});
