import { bytesToBase64 } from '@pixel-wars/protocol';
import { PNG } from 'pngjs';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AdminCommandContext, ConfirmationRequest, MediaReply } from '../../src/app/admin/admin-command';
import { AdminCommandRegistry } from '../../src/app/admin/admin-command-registry';
import { AdminAuditLog } from '../../src/app/admin/admin-audit-log';
import { botText } from '../../src/app/admin/i18n/bot-catalogue';
import { CanvasService } from '../../src/app/canvas/canvas.service';
import { TestPlayer } from '../support/players';
import { startTestApp, TestApp } from '../support/test-app';
import { FakeBotApi, RecordedCall } from '../telegram/fake-bot-api';
import { joinPlaying, signIn } from './sign-in';

const ADMIN = { id: 111, username: 'alice_admin' };
const RU_ADMIN = { id: 112, username: 'olga_admin', language_code: 'ru' };

describe('admin bot /rollback, /top, /templates (fake Bot API)', () => {
  let api: FakeBotApi;
  let t: TestApp;
  let griefer: TestPlayer;
  let builder: TestPlayer;
  const canvas = () => t.app.get(CanvasService);
  const colourAt = (x: number, y: number) => canvas().pixels()[y * canvas().width + x];

  async function command(text: string, admin: typeof ADMIN | typeof RU_ADMIN = ADMIN): Promise<RecordedCall> {
    const since = api.calls.length;
    api.sendText(admin, text);
    return api.waitForCall('sendMessage', (c) => c.params['chat_id'] === admin.id, { since, timeoutMs: 10_000 });
  }

  beforeAll(async () => {
    api = await new FakeBotApi().start();
    t = await startTestApp({
      TELEGRAM_BOT_TOKEN: api.token,
      TELEGRAM_API_ROOT: api.url,
      TELEGRAM_ADMIN_IDS: `${ADMIN.id},${RU_ADMIN.id}`,
      PUBLIC_URL: 'https://pixels.example',
    });
    builder = await joinPlaying(t.url, 'bob');
    for (const [x, y] of [
      [5, 5],
      [6, 5],
      [7, 5],
    ]) {
      expect((await builder.place(x, y, 3)).status).toBe(201);
    }
    griefer = await joinPlaying(t.url, 'gil');
    for (const [x, y] of [
      [5, 5],
      [6, 5],
      [20, 20],
    ]) {
      expect((await griefer.place(x, y, 12)).status).toBe(201);
    }
    await api.waitForCall('getUpdates');
  });
  afterAll(async () => {
    griefer?.close();
    builder?.close();
    await t?.close();
    await api?.stop();
  });

  it('publishes /rollback, /top and /templates in the command menu', async () => {
    const names = api.callsOf('setMyCommands')[0].params['commands'].map((c: { command: string }) => c.command);
    expect(names).toEqual(expect.arrayContaining(['rollback', 'top', 'templates']));
  });

  it('/rollback in an area: preview image, then a confirm button, then the rollback (audited)', async () => {
    const head = canvas().version;
    const since = api.calls.length;
    api.sendText(ADMIN, '/rollback gil@dev.local 10 0 0 10 10');
    const preview = await api.waitForCall('sendDocument', () => true, { since, timeoutMs: 10_000 });
    expect(preview.params).toEqual({ multipart: true });
    const prompt = await api.waitForCall('sendMessage', (c) => c.params['chat_id'] === ADMIN.id, { since });
    expect(prompt.params['text']).toContain('Roll back <b>2 pixels</b> by <b>gil</b> from the last 10 min in 10×10 at (0, 0)?');
    expect(canvas().version).toBe(head);
    const [confirm] = FakeBotApi.buttons(prompt);
    expect(confirm.text).toBe('Roll back 2 pixels');
    const pressed = api.calls.length;
    api.pressButton(ADMIN, prompt, confirm.data);
    const edit = await api.waitForCall('editMessageText', () => true, { since: pressed, timeoutMs: 10_000 });
    expect(edit.params['text']).toBe(`Rolled back 2 pixels (versions ${head + 1}–${head + 2}).`);
    expect([colourAt(5, 5), colourAt(6, 5), colourAt(20, 20)]).toEqual([3, 3, 12]);
    const [done, requested] = await t.app.get(AdminAuditLog).latest(2);
    expect(requested).toMatchObject({ action: 'rollback', result: 'requested', args: 'gil@dev.local 10 0 0 10 10' });
    expect(done).toMatchObject({ action: 'rollback', result: 'ok', detail: expect.stringContaining('Rolled back 2 pixels') });
  });

  it('/rollback with nothing to undo says so without asking; bad arguments get the usage', async () => {
    expect((await command('/rollback gil@dev.local 10 0 0 10 10')).params['text']).toContain('Nothing to roll back');
    expect((await command('/rollback gil@dev.local')).params['text']).toBe('Usage: /rollback <email or id> <minutes> [x y w h]');
    expect((await command('/rollback nobody@dev.local 5')).params['text']).toContain('No user matches "nobody@dev.local"');
    expect((await command('/rollback gil@dev.local 0')).params['text']).toContain('is not a number of minutes');
    expect((await command('/rollback gil@dev.local 5 1 1 0 4')).params['text']).toContain('The area must be four whole numbers');
  });

  it('the preview shows the area before (left) and after (right)', async () => {
    expect((await griefer.place(6, 6, 12)).status).toBe(201);
    const confirm = vi.fn(async (_request: ConfirmationRequest) => undefined);
    let image: MediaReply | undefined;
    const context: AdminCommandContext = {
      actor: { channel: 'telegram', id: '1', name: 'admin', locale: 'en' },
      args: ['gil@dev.local', '10', '0', '0', '10', '10'],
      text: 'gil@dev.local 10 0 0 10 10',
      t: (key, params) => botText('en', key, params),
      usage: '/rollback <email or id> <minutes> [x y w h]',
      confirm,
      send: async (reply) => {
        image = reply as MediaReply;
      },
    };
    await t.app.get(AdminCommandRegistry).get('rollback')!.handler(context);
    expect(image?.caption).toBe('1 pixel by gil from the last 10 min. Left: now, right: after the rollback.');
    const chunks: Buffer[] = [];
    for await (const chunk of image!.source as Readable) chunks.push(chunk as Buffer);
    const png = PNG.sync.read(Buffer.concat(chunks));
    // one pixel, scaled 16x: 16 + gap 16 + 16 wide
    expect([png.width, png.height]).toEqual([48, 16]);
    const rgbAt = (x: number, y: number) => [...png.data.subarray((y * png.width + x) * 4, (y * png.width + x) * 4 + 3)];
    const hex = (i: number) =>
      canvas()
        .palette[i].match(/[0-9a-f]{2}/gi)!
        .map((h) => parseInt(h, 16));
    expect(rgbAt(0, 0)).toEqual(hex(12));
    expect(rgbAt(47, 15)).toEqual(hex(canvas().backgroundColor));
    expect(confirm).toHaveBeenCalledOnce();
  });

  it('/top lists the players of the current game by accepted placements', async () => {
    const reply = await command('/top');
    expect(reply.params['text']).toBe('<b>Top players of game 1</b>\n1. gil — 4 pixels\n2. bob — 3 pixels');
    expect((await command('/top 1')).params['text']).toBe('<b>Top players of game 1</b>\n1. gil — 4 pixels');
  });

  it('answers a Russian admin in Russian, plurals included', async () => {
    expect((await command('/top', RU_ADMIN)).params['text']).toBe('<b>Лучшие игроки игры 1</b>\n1. gil — 4 пикселя\n2. bob — 3 пикселя');
    expect((await command('/rollback gil@dev.local 10 30 30 5 5', RU_ADMIN)).params['text']).toBe(
      'Откатывать нечего: в области 5×5 от (30, 30) нет пикселей, которые gil поставил за последние 10 мин и которые ещё видны.',
    );
    expect((await command('/rollback gil@dev.local', RU_ADMIN)).params['text']).toBe('Использование: /rollback <email или id> <минуты> [x y w h]');
    expect((await command('/rollback gil@dev.local 0', RU_ADMIN)).params['text']).toBe('«0» — не число минут (1–43200).');
    expect(botText('ru', 'rollback.done', { count: 1, from: 7, to: 7 })).toBe('Откачен 1 пиксель (версии 7–7).');
    expect(botText('ru', 'rollback.done', { count: 25, from: 7, to: 31 })).toBe('Откачено 25 пикселей (версии 7–31).');
  });

  it('/templates lists the most-followed templates with their progress and link', async () => {
    expect((await command('/templates')).params['text']).toBe('No templates in the current game yet.');
    const owner = await signIn(t.url, 'olga');
    const post = async (name: string, x: number) =>
      (
        (await (
          await fetch(`${t.url}/api/templates`, {
            method: 'POST',
            headers: owner.headers,
            body: JSON.stringify({ name, x, y: 5, width: 2, height: 1, pixels: bytesToBase64(new Uint8Array([3, 3])) }),
          })
        ).json()) as { id: string }
      ).id;
    const quiet = await post('Quiet', 30);
    const popular = await post('Popular <3', 5);
    for (const name of ['fan1', 'fan2']) await fetch(`${t.url}/api/templates/${popular}`, { headers: (await signIn(t.url, name)).headers });
    await fetch(`${t.url}/api/templates/${popular}`, { headers: (await signIn(t.url, 'fan1')).headers }); // the same follower again
    await fetch(`${t.url}/api/templates/${quiet}`); // guests are not followers
    const reply = await command('/templates');
    expect(reply.params['text']).toBe(
      [
        '<b>Most-followed templates</b> (followers: signed-in players who opened the link)',
        `1. <b>Popular &lt;3</b> by olga — 100% (2/2), 2 followers\nhttps://pixels.example/t/${popular}`,
        `2. <b>Quiet</b> by olga — 0% (0/2), 0 followers\nhttps://pixels.example/t/${quiet}`,
      ].join('\n'),
    );
  });
});
