import { AdminActor } from './admin-command';

/** How an admin is named in the canvas log and on bans: "telegram:123456 @alice". */
export function adminLabel(actor: AdminActor): string {
  return `${actor.channel}:${actor.id} ${actor.name}`.trim();
}
