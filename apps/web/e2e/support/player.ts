import { Page, expect } from './expect';

/** Signs in through the dialog with the development login (in any interface language). */
export async function signIn(page: Page, name: string): Promise<void> {
  await page.locator('pw-status-panel [data-action=sign-in]').click();
  const dialog = page.getByRole('dialog');
  await dialog.locator('#dev-name').fill(name);
  await dialog.locator('[data-action=dev-sign-in]').click();
  await expect(page.getByTestId('user-name')).toHaveText(name);
}

/** Presses Play and waits until the server says `playing`. */
export async function play(page: Page): Promise<void> {
  await page.locator('[data-action=play]').click();
  await expect(page.locator('pw-status-panel')).toHaveAttribute('data-phase', 'playing');
}

/** Chooses palette colour `index` and presses the Place button for the selected pixel. */
export async function placeSelected(page: Page, index: number): Promise<void> {
  const swatch = page.locator(`[data-color="${index}"]`);
  // Choosing the chosen colour again would clear it: click only when it is not chosen.
  if ((await swatch.getAttribute('aria-checked')) !== 'true') await swatch.click();
  await expect(swatch).toHaveAttribute('aria-checked', 'true');
  const place = page.locator('[data-action=place]');
  await expect(place).toBeEnabled();
  await place.click();
}
