import { joinAsPlayer, TestPlayer, waitFor } from '../support/players';

/** Dev sign-in that also returns the user id (rollback requests name users by id). */
export async function signIn(url: string, name: string): Promise<{ id: string; headers: Record<string, string> }> {
  const res = await fetch(`${url}/api/auth/dev`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name }) });
  if (res.status !== 200) throw new Error(`dev sign-in failed: ${res.status}`);
  const body = (await res.json()) as { accessToken: string; user: { id: string } };
  return { id: body.user.id, headers: { 'content-type': 'application/json', authorization: `Bearer ${body.accessToken}` } };
}

/** joinAsPlayer, waiting (longer than it does) until the player is admitted: a loaded machine admits slowly. */
export async function joinPlaying(url: string, name: string): Promise<TestPlayer> {
  const player = await joinAsPlayer(url, name);
  await waitFor(() => player.statuses.some((s) => s.status === 'playing'), 15_000, 10);
  return player;
}
