/** A stored template: a rectangle of palette indices (255 = transparent) placed on one game's canvas. */
export interface TemplateRecord {
  id: string;
  game: number;
  ownerId: string;
  name: string;
  x: number;
  y: number;
  width: number;
  height: number;
  pixels: Uint8Array;
  createdAt: number;
}

export interface FollowedTemplate {
  template: TemplateRecord;
  followers: number;
}

/** Templates and their followers (distinct signed-in users who opened them). */
export abstract class TemplatesRepository {
  /**
   * Stores `template` unless its owner already has `limit` templates in its game; false
   * then. The count and the insert are atomic (two parallel creates cannot both pass).
   */
  abstract create(template: TemplateRecord, limit: number): Promise<boolean>;
  /** The template when it belongs to `game`. */
  abstract find(id: string, game: number): Promise<TemplateRecord | null>;
  /** The owner's templates of `game`, newest first. */
  abstract listByOwner(ownerId: string, game: number): Promise<TemplateRecord[]>;
  /** Deletes the template and its followers; false when there was none. */
  abstract delete(id: string): Promise<boolean>;
  /** Records that `userId` follows the template (idempotent). */
  abstract follow(templateId: string, userId: string, now: number): Promise<void>;
  /** The templates of `game` with the most followers (ties: the older first). */
  abstract mostFollowed(game: number, limit: number): Promise<FollowedTemplate[]>;
}
