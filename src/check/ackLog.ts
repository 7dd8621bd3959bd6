/**
 * The writes acknowledged to clients, as the Raft safety checker keeps them for its durability
 * checks: one array per field rather than an object per acknowledgement (a run acknowledges
 * thousands of writes as it goes, and each object would only feed the garbage collector), and
 * the first acknowledgement at each log index in a dense array from index `base`.
 * Plain data: it lives in the world state with the checker (snapshots clone it).
 */
export class AckLog {
  // Columns, by position (the order of acknowledgement). Read them; change them only here.
  client: string[] = [];
  index: number[] = [];
  term: number[] = [];
  command: string[] = [];
  /** By log index - base: the position of the first acknowledgement there, if any. */
  private first: (number | undefined)[] = [];
  private base = 0;

  get length(): number {
    return this.index.length;
  }

  /** Records an acknowledgement at an index >= base. */
  add(client: string, index: number, term: number, command: string): void {
    const at = this.index.length;
    this.client.push(client);
    this.index.push(index);
    this.term.push(term);
    this.command.push(command);
    if (this.first[index - this.base] === undefined) this.first[index - this.base] = at;
  }

  /** The position of the first acknowledgement at `index`, or undefined. */
  firstAt(index: number): number | undefined {
    return index < this.base ? undefined : this.first[index - this.base];
  }

  /** Drops the acknowledgements below log index `floor` (> base). */
  forgetBelow(floor: number): void {
    const kept = new AckLog();
    kept.base = floor;
    for (let i = 0; i < this.index.length; i++) {
      if (this.index[i] >= floor) kept.add(this.client[i], this.index[i], this.term[i], this.command[i]);
    }
    this.client = kept.client;
    this.index = kept.index;
    this.term = kept.term;
    this.command = kept.command;
    this.first = kept.first;
    this.base = floor;
  }
}
