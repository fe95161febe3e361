import { escapeHtml } from '../admin/admin-format';

/**
 * The replies of /rollback, /top and /templates, one table per command with an `en` and a
 * `ru` entry (HTML where the reply is rich text; user text goes through escapeHtml here).
 */
export type BotLocale = 'en' | 'ru';

/** The admin console answers in English until admins can choose a language. */
export const BOT_LOCALE: BotLocale = 'en';

const ruPlural = (n: number, one: string, few: string, many: string): string => {
  const mod10 = n % 10;
  const mod100 = n % 100;
  if (mod10 === 1 && mod100 !== 11) return one;
  if (mod10 >= 2 && mod10 <= 4 && (mod100 < 12 || mod100 > 14)) return few;
  return many;
};
const enPixels = (n: number) => `${n} ${n === 1 ? 'pixel' : 'pixels'}`;
const ruPixels = (n: number) => `${n} ${ruPlural(n, 'пиксель', 'пикселя', 'пикселей')}`;

export interface AreaText {
  x: number;
  y: number;
  width: number;
  height: number;
}

const enArea = (a: AreaText | null) => (a ? `in ${a.width}×${a.height} at (${a.x}, ${a.y})` : 'on the whole canvas');
const ruArea = (a: AreaText | null) => (a ? `в области ${a.width}×${a.height} от (${a.x}, ${a.y})` : 'на всём холсте');

export const ROLLBACK_TEXTS = {
  en: {
    usage: 'Usage: /rollback <email or id> <minutes> [x y w h]',
    description: "Undo a player's pixels of the last minutes (whole canvas or an area), with a preview",
    noUser: (ref: string) => `No user matches "${ref}" (use the account's email or id).`,
    badMinutes: (arg: string, max: number) => `"${arg}" is not a number of minutes (1–${max}).`,
    badRect: 'The area must be four whole numbers: x y width height (width and height at least 1).',
    nothing: (user: string, minutes: number, area: AreaText | null) => `Nothing to roll back: no pixel ${enArea(area)} still shows a colour ${user} placed in the last ${minutes} min.`,
    caption: (n: number, user: string, minutes: number) => `${enPixels(n)} by ${user} from the last ${minutes} min. Left: now, right: after the rollback.`,
    prompt: (n: number, user: string, minutes: number, area: AreaText | null) =>
      `Roll back <b>${enPixels(n)}</b> by <b>${escapeHtml(user)}</b> from the last ${minutes} min ${enArea(area)}? Pixels someone else paints over meanwhile are left alone.`,
    confirm: (n: number) => `Roll back ${enPixels(n)}`,
    done: (n: number, from: number, to: number) => (n === 0 ? 'Nothing was rolled back: those pixels have changed since.' : `Rolled back ${enPixels(n)} (versions ${from}–${to}).`),
  },
  ru: {
    usage: 'Формат: /rollback <email или id> <минуты> [x y w h]',
    description: 'Откатить пиксели игрока за последние минуты (весь холст или область), с превью',
    noUser: (ref: string) => `Нет пользователя «${ref}» (укажите email или id аккаунта).`,
    badMinutes: (arg: string, max: number) => `«${arg}» — не число минут (1–${max}).`,
    badRect: 'Область — четыре целых числа: x y ширина высота (ширина и высота не меньше 1).',
    nothing: (user: string, minutes: number, area: AreaText | null) => `Откатывать нечего: ${ruArea(area)} нет пикселей, которые ${user} поставил за последние ${minutes} мин и которые ещё видны.`,
    caption: (n: number, user: string, minutes: number) => `${ruPixels(n)} от ${user} за последние ${minutes} мин. Слева — сейчас, справа — после отката.`,
    prompt: (n: number, user: string, minutes: number, area: AreaText | null) =>
      `Откатить <b>${ruPixels(n)}</b> игрока <b>${escapeHtml(user)}</b> за последние ${minutes} мин ${ruArea(area)}? Пиксели, которые тем временем перекрасят другие, останутся как есть.`,
    confirm: (n: number) => `Откатить ${ruPixels(n)}`,
    done: (n: number, from: number, to: number) => (n === 0 ? 'Ничего не откачено: эти пиксели уже изменились.' : `Откачено ${ruPixels(n)} (версии ${from}–${to}).`),
  },
} as const;

export const TOP_TEXTS = {
  en: {
    usage: 'Usage: /top [n]',
    description: 'Leaderboard of the current game: accepted placements per player',
    empty: (game: number) => `Nobody has placed a pixel in game ${game} yet.`,
    title: (game: number) => `<b>Top players of game ${game}</b>`,
    line: (rank: number, name: string, pixels: number) => `${rank}. ${escapeHtml(name)} — ${enPixels(pixels)}`,
  },
  ru: {
    usage: 'Формат: /top [n]',
    description: 'Лидеры текущей игры: сколько пикселей поставил каждый игрок',
    empty: (game: number) => `В игре ${game} ещё никто не поставил пиксель.`,
    title: (game: number) => `<b>Лучшие игроки игры ${game}</b>`,
    line: (rank: number, name: string, pixels: number) => `${rank}. ${escapeHtml(name)} — ${ruPixels(pixels)}`,
  },
} as const;

const enFollowers = (n: number) => `${n} ${n === 1 ? 'follower' : 'followers'}`;
const ruFollowers = (n: number) => `${n} ${ruPlural(n, 'подписчик', 'подписчика', 'подписчиков')}`;

export interface TemplateLineText {
  name: string;
  owner: string;
  percent: number;
  matching: number;
  total: number;
  followers: number;
  url: string;
}

export const TEMPLATES_TEXTS = {
  en: {
    usage: 'Usage: /templates [n]',
    description: 'Most-followed templates of the current game and their progress',
    empty: 'No templates in the current game yet.',
    title: '<b>Most-followed templates</b> (followers: signed-in players who opened the link)',
    line: (rank: number, t: TemplateLineText) =>
      `${rank}. <b>${escapeHtml(t.name)}</b> by ${escapeHtml(t.owner)} — ${t.percent}% (${t.matching}/${t.total}), ${enFollowers(t.followers)}\n${escapeHtml(t.url)}`,
  },
  ru: {
    usage: 'Формат: /templates [n]',
    description: 'Самые популярные шаблоны текущей игры и их прогресс',
    empty: 'В текущей игре пока нет шаблонов.',
    title: '<b>Самые популярные шаблоны</b> (подписчики — вошедшие игроки, открывшие ссылку)',
    line: (rank: number, t: TemplateLineText) =>
      `${rank}. <b>${escapeHtml(t.name)}</b> от ${escapeHtml(t.owner)} — ${t.percent}% (${t.matching}/${t.total}), ${ruFollowers(t.followers)}\n${escapeHtml(t.url)}`,
  },
} as const;
