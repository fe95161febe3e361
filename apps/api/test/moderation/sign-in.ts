/** Dev sign-in that also returns the user id (rollback requests name users by id). */
export async function signIn(url: string, name: string): Promise<{ id: string; headers: Record<string, string> }> {
  const res = await fetch(`${url}/api/auth/dev`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name }) });
  if (res.status !== 200) throw new Error(`dev sign-in failed: ${res.status}`);
  const body = (await res.json()) as { accessToken: string; user: { id: string } };
  return { id: body.user.id, headers: { 'content-type': 'application/json', authorization: `Bearer ${body.accessToken}` } };
}
