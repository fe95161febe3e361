import { parsePeriod, readEntries, readMe, toBoard } from './leaderboard';

const entry = (rank: number, id: string, pixels: number) => ({ rank, user: { id, name: id.toUpperCase() }, pixels });

describe('leaderboard state', () => {
  const top = [entry(1, 'a', 30), entry(2, 'b', 20), entry(3, 'c', 10)];

  it('marks the player’s own row and needs no extra line then', () => {
    const board = toBoard(top, { rank: 2, pixels: 20 }, 'b');
    expect(board.rows.map((r) => r.mine)).toEqual([false, true, false]);
    expect(board.own).toBeNull();
  });

  it('shows the player’s standing below a list they are not on', () => {
    expect(toBoard(top, { rank: 17, pixels: 2 }, 'z').own).toEqual({ rank: 17, pixels: 2 });
    expect(toBoard(top, { rank: null, pixels: 0 }, 'z').own).toEqual({ rank: null, pixels: 0 });
  });

  it('shows no own line to a guest', () => {
    const board = toBoard(top, null, null);
    expect(board.own).toBeNull();
    expect(board.rows.every((r) => !r.mine)).toBe(true);
  });

  it('reads the period from the URL, defaulting to the game', () => {
    expect(parsePeriod('hour')).toBe('hour');
    expect(parsePeriod('day')).toBe('day');
    expect(parsePeriod('year')).toBe('game');
    expect(parsePeriod(null)).toBe('game');
  });

  it('keeps only well-formed answers', () => {
    expect(readEntries([entry(1, 'a', 3), { rank: 'x' }, null])).toEqual([entry(1, 'a', 3)]);
    expect(readEntries('<html>')).toEqual([]);
    expect(readMe({ rank: null, pixels: 0 })).toEqual({ rank: null, pixels: 0 });
    expect(readMe({ rank: 4, pixels: 9 })).toEqual({ rank: 4, pixels: 9 });
    expect(readMe('nope')).toBeNull();
  });
});
