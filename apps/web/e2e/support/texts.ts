import { Page } from 'playwright-core';

const TEXT_ATTRIBUTES = ['aria-label', 'aria-roledescription', 'title', 'alt', 'placeholder'];

/**
 * Every text the page shows or speaks now: visible text nodes, and the accessible-text
 * attributes of visible elements, plus the document title. Elements in another language
 * on purpose (`lang` differs from <html lang>, e.g. each language's own name in the
 * language switch) and names (`translate="no"`) are left out.
 */
export function shownTexts(page: Page): Promise<string[]> {
  return page.evaluate((attributes) => {
    const lang = document.documentElement.lang;
    const foreign = (el: Element) => {
      const tagged = el.closest('[lang]');
      return (tagged !== null && tagged !== document.documentElement && tagged.getAttribute('lang') !== lang) || el.closest('[translate="no"]') !== null;
    };
    const out = [document.title];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
    for (let node: Node | null = walker.currentNode; node; node = walker.nextNode()) {
      const el = node.nodeType === Node.TEXT_NODE ? node.parentElement : (node as Element);
      if (!el || el.closest('script, style, noscript') || foreign(el) || !el.checkVisibility()) continue;
      if (node.nodeType === Node.TEXT_NODE) {
        const text = node.textContent?.trim();
        if (text) out.push(text);
      } else {
        for (const name of attributes) {
          const value = el.getAttribute(name)?.trim();
          if (value) out.push(value);
        }
      }
    }
    return out;
  }, TEXT_ATTRIBUTES);
}

/** Texts with Latin letters once the allowed names are taken out (for a Russian page). */
export async function latinTexts(page: Page, allowed: (string | RegExp)[]): Promise<string[]> {
  const names = [/Pixel\s*Wars/g, /Google/g, /Telegram/g, /\bEnter\b/g, /\bR\b/g, ...allowed];
  return (await shownTexts(page)).filter((text) => /[A-Za-z]/.test(names.reduce<string>((t, n) => t.replaceAll(n, ''), text)));
}

/** Texts with Cyrillic letters (for an English page). */
export async function cyrillicTexts(page: Page): Promise<string[]> {
  return (await shownTexts(page)).filter((text) => /\p{Script=Cyrillic}/u.test(text));
}
