import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminAuditLog } from '../../src/app/admin/admin-audit-log';
import { botText } from '../../src/app/admin/i18n/bot-catalogue';
import { startTestApp, TestApp } from '../support/test-app';
import { FakeBotApi, RecordedCall } from './fake-bot-api';

const PUBLIC_URL = 'https://pixels.example';
const ADMIN = { id: 111, username: 'alice_admin' };
const PLAYER = { id: 555, username: 'pat' };
const RUSSIAN_PLAYER = { id: 556, username: 'pasha', language_code: 'ru' };

describe('the bot opens the game for everyone (fake Bot API)', () => {
  let api: FakeBotApi;
  let t: TestApp;

  async function command(from: { id: number }, text: string, chatId?: number): Promise<RecordedCall> {
    const since = api.calls.length;
    api.sendText(from, text, { chatId });
    return api.waitForCall('sendMessage', (c) => c.params['chat_id'] === (chatId ?? from.id), { since });
  }
  const buttonsOf = (call: RecordedCall) => call.params['reply_markup']?.inline_keyboard?.flat() ?? [];

  beforeAll(async () => {
    api = await new FakeBotApi().start();
    t = await startTestApp({ TELEGRAM_BOT_TOKEN: api.token, TELEGRAM_API_ROOT: api.url, TELEGRAM_ADMIN_IDS: String(ADMIN.id), PUBLIC_URL });
    await api.waitForCall('getUpdates');
  });
  afterAll(async () => {
    await t?.close();
    await api?.stop();
  });

  it('sets every chat’s menu button to the web app at PUBLIC_URL when it connects', async () => {
    const [menu] = api.callsOf('setChatMenuButton');
    expect(menu.params).toEqual({ menu_button: { type: 'web_app', text: botText('en', 'player.menuButton'), web_app: { url: PUBLIC_URL } } });
    const order = api.calls.map((c) => c.method);
    expect(order.indexOf('setChatMenuButton')).toBeLessThan(order.indexOf('getUpdates'));
  });

  it('answers /start and /play from anyone with a web_app button, not with the admins-only refusal', async () => {
    for (const text of ['/start', '/play']) {
      const reply = await command(PLAYER, text);
      expect(reply.params['text']).toBe(botText('en', 'player.greeting'));
      expect(buttonsOf(reply)).toEqual([{ text: botText('en', 'player.playButton'), web_app: { url: PUBLIC_URL } }]);
    }
    const audited = await t.app.get(AdminAuditLog).latest(5);
    expect(audited.filter((e) => e.actorId === String(PLAYER.id))).toEqual([]);
  });

  it('speaks the player’s language (Telegram language_code)', async () => {
    const reply = await command(RUSSIAN_PLAYER, '/play');
    expect(reply.params['text']).toBe(botText('ru', 'player.greeting'));
    expect(buttonsOf(reply)[0].text).toBe(botText('ru', 'player.playButton'));
  });

  it('in a group, /play links to the game (web_app buttons work in private chats only)', async () => {
    const reply = await command(PLAYER, '/play', -1001);
    expect(buttonsOf(reply)).toEqual([{ text: botText('en', 'player.playButton'), url: PUBLIC_URL }]);
  });

  it('admin commands stay admin-only; admins get /play too and keep /start as their help', async () => {
    const refused = await command(PLAYER, '/stats');
    expect(refused.params['text']).toContain('only takes commands from the Pixel Wars admins');
    expect(buttonsOf(await command(ADMIN, '/play'))[0].web_app).toEqual({ url: PUBLIC_URL });
    expect((await command(ADMIN, '/start')).params['text']).toContain('/stats');
  });
});
