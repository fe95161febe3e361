/**
 * What the bot says to players (everyone, not only admins), in one place so it is easy to
 * localise; picked by the sender's Telegram `language_code`, English otherwise.
 */
export const PLAYER_TEXTS = {
  en: {
    greeting: 'Pixel Wars: one shared canvas, one pixel at a time. Tap the button to open the game — you are signed in with Telegram, no other account needed.',
    playButton: 'Play Pixel Wars',
    menuButton: 'Play',
  },
  ru: {
    greeting: 'Pixel Wars: один общий холст, по одному пикселю за раз. Нажмите кнопку, чтобы открыть игру, — вход через Telegram, другой аккаунт не нужен.',
    playButton: 'Играть в Pixel Wars',
    menuButton: 'Играть',
  },
} as const;

export type PlayerTexts = (typeof PLAYER_TEXTS)[keyof typeof PLAYER_TEXTS];

export function playerTexts(languageCode: string | undefined): PlayerTexts {
  const language = (languageCode ?? '').toLowerCase().split('-')[0];
  return language in PLAYER_TEXTS ? PLAYER_TEXTS[language as keyof typeof PLAYER_TEXTS] : PLAYER_TEXTS.en;
}
