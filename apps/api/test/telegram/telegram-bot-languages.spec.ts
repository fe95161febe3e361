import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminCommandRegistry } from '../../src/app/admin/admin-command-registry';
import { botText, hasBotText } from '../../src/app/admin/i18n/bot-catalogue';
import { CanvasService } from '../../src/app/canvas/canvas.service';
import { startTestApp, TestApp } from '../support/test-app';
import { FakeBotApi, RecordedCall } from './fake-bot-api';

const RU_ADMIN = { id: 711, username: 'olga', language_code: 'ru' };
const EN_ADMIN = { id: 733, username: 'emma', language_code: 'en-US' };
const RU_STRANGER = { id: 722, username: 'ivan', language_code: 'ru' };

describe('Telegram admin bot in Russian and English (fake Bot API)', () => {
  let api: FakeBotApi;
  let t: TestApp;

  async function command(from: { id: number }, text: string): Promise<RecordedCall> {
    const since = api.calls.length;
    api.sendText(from, text);
    return api.waitForCall('sendMessage', (c) => c.params['chat_id'] === from.id, { since });
  }

  async function press(by: { id: number }, prompt: RecordedCall, data: string): Promise<{ answer: RecordedCall; edit: RecordedCall }> {
    const since = api.calls.length;
    api.pressButton(by, prompt, data);
    const answer = await api.waitForCall('answerCallbackQuery', () => true, { since });
    const edit = await api.waitForCall('editMessageText', () => true, { since, timeoutMs: 10_000 });
    return { answer, edit };
  }

  beforeAll(async () => {
    api = await new FakeBotApi().start();
    t = await startTestApp({ TELEGRAM_BOT_TOKEN: api.token, TELEGRAM_API_ROOT: api.url, TELEGRAM_ADMIN_IDS: `${RU_ADMIN.id},${EN_ADMIN.id}` });
    await api.waitForCall('getUpdates');
  });

  afterAll(async () => {
    await t?.close();
    await api?.stop();
  });

  it('publishes the command menu twice per admin chat: the default (English) and language_code ru', async () => {
    const menus = api.callsOf('setMyCommands');
    expect(menus.map((c) => [c.params['scope'].chat_id, c.params['language_code']])).toEqual([
      [RU_ADMIN.id, undefined],
      [RU_ADMIN.id, 'ru'],
      [EN_ADMIN.id, undefined],
      [EN_ADMIN.id, 'ru'],
    ]);
    const descriptionOf = (call: RecordedCall, name: string) => call.params['commands'].find((c: { command: string }) => c.command === name)?.description;
    expect(descriptionOf(menus[0], 'clear')).toBe('Wipe the canvas to one colour (asks to confirm)');
    expect(descriptionOf(menus[1], 'clear')).toBe('Залить холст одним цветом (с подтверждением)');
    expect(descriptionOf(menus[1], 'timelapse')).toContain('по умолчанию 20 с');
    expect(menus[0].params['commands'].map((c: { command: string }) => c.command)).toEqual(
      menus[1].params['commands'].map((c: { command: string }) => c.command),
    );
  });

  it('every registered command has its description in the catalogues (no English fallback in the Russian menu)', () => {
    const missing = t.app
      .get(AdminCommandRegistry)
      .list()
      .filter((c) => !hasBotText(`command.${c.command}.description`))
      .map((c) => c.command);
    expect(missing).toEqual([]);
  });

  it('answers a Russian-speaking admin in Russian and an English-speaking one in English', async () => {
    expect((await command(RU_ADMIN, '/pause')).params['text']).toBe('Размещение приостановлено: игроки получают 403 PAUSED до /resume.');
    expect((await command(RU_ADMIN, '/pause')).params['text']).toContain('уже приостановлено');
    expect((await command(EN_ADMIN, '/resume')).params['text']).toBe('Placements are allowed again.');
    expect((await command(RU_ADMIN, '/resume')).params['text']).toBe('Размещение не было приостановлено.');
    expect((await command(RU_ADMIN, '/frobnicate')).params['text']).toContain('Неизвестная команда /frobnicate');
    expect((await command(RU_ADMIN, '/clear 99')).params['text']).toContain('Цвета 99 нет в палитре');
    expect((await command(EN_ADMIN, '/clear 99')).params['text']).toContain('Colour 99 is not in the palette');
    expect((await command(RU_ADMIN, '/ban nobody@example.com')).params['text']).toContain('Нет пользователя «nobody@example.com»');
    expect((await command(RU_ADMIN, '/pause now')).params['text']).toBe('Слишком много аргументов. Использование: /pause');
    expect((await command(RU_ADMIN, '/ban a b c')).params['text']).toBe('Слишком много аргументов. Использование: /ban <email или id> [минуты]');
    expect((await command(RU_ADMIN, '/announce Привет')).params['text']).toBe('Объявление отправлено на 0 подключённых сокетов.');
    expect((await command(EN_ADMIN, '/announce Hello')).params['text']).toBe('Announcement sent to 0 connected sockets.');
  });

  it('/help and /stats in Russian', async () => {
    const help = (await command(RU_ADMIN, '/help')).params['text'] as string;
    expect(help).toContain('<b>Команды администратора Pixel Wars</b>');
    expect(help).toContain('/ban &lt;email или id&gt; [минуты] — Забанить игрока (без минут — бессрочно)');
    expect(help).toContain('/timelapse [игра] [секунды]');
    const stats = (await command(RU_ADMIN, '/stats')).params['text'] as string;
    expect(stats).toContain(`Версия: <b>${t.app.get(CanvasService).version}</b>`);
    expect(stats).toContain('Трансляция: <b>выключена</b>');
    expect(stats).toMatch(/Память: RSS [\d.]+ МБ/);
  });

  it("confirmations: prompt and buttons in the requester's language, the result in the confirming admin's", async () => {
    const prompt = await command(RU_ADMIN, '/clear 3');
    expect(prompt.params['text']).toContain('Залить весь холст 64×48 цветом <b>3</b>');
    const buttons = FakeBotApi.buttons(prompt);
    expect(buttons.map((b) => b.text)).toEqual(['Очистить холст', 'Отмена']);
    const cancelled = await press(RU_ADMIN, prompt, buttons[1].data);
    expect(cancelled.answer.params['text']).toBe('Отменено.');
    expect(cancelled.edit.params['text']).toBe('Отменено: /clear 3 не выполнена.');

    const again = await command(RU_ADMIN, '/clear 3');
    const before = t.app.get(CanvasService).version;
    const done = await press(EN_ADMIN, again, FakeBotApi.buttons(again)[0].data);
    expect(done.answer.params['text']).toBe('Working…');
    expect(done.edit.params['text']).toBe(`Canvas cleared to colour <b>3</b> (${t.app.get(CanvasService).palette[3]}) by @emma — version ${before + 1}.`);

    const ru = await command(EN_ADMIN, '/newgame 32x16');
    expect(FakeBotApi.buttons(ru).map((b) => b.text)).toEqual(['Start a new game', 'Cancel']);
    const started = await press(RU_ADMIN, ru, FakeBotApi.buttons(ru)[0].data);
    expect(started.answer.params['text']).toBe('Выполняется…');
    expect(started.edit.params['text']).toMatch(/^Игра <b>\d+<\/b> начата администратором @olga: 32×16/);
  });

  it('refuses a Russian-speaking stranger in Russian', async () => {
    const reply = await command(RU_STRANGER, '/stats');
    expect(reply.params['text']).toBe(botText('ru', 'console.refusal', { id: RU_STRANGER.id }));
    expect(reply.params['text']).toContain('только от администраторов Pixel Wars');
  });

  it('forwards feedback to each admin in the language they last wrote in', async () => {
    const since = api.calls.length;
    const res = await fetch(`${t.url}/api/feedback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ message: 'Отличная игра', contact: 'me@example.com' }),
    });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: number };
    const ru = await api.waitForCall('sendMessage', (c) => c.params['chat_id'] === RU_ADMIN.id, { since });
    const en = await api.waitForCall('sendMessage', (c) => c.params['chat_id'] === EN_ADMIN.id, { since });
    expect(ru.params['text']).toContain(`💬 <b>Отзыв #${id}</b>`);
    expect(ru.params['text']).toContain('От: гость');
    expect(ru.params['text']).toContain('Контакт: me@example.com');
    expect(en.params['text']).toContain(`💬 <b>Feedback #${id}</b>`);
    expect(en.params['text']).toContain('From: a guest');
  });
});
