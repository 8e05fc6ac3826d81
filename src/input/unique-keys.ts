/**
 * A zip may hold two entries with the same name (appending to an archive does that), and the
 * batch keys its items by these labels; the second and later get "#2", "#3"… so that every
 * entry stays a separate item.
 */
export class UniqueKeys {
  private readonly taken = new Set<string>();

  take(name: string): string {
    let key = name;
    for (let n = 2; this.taken.has(key); n++) key = `${name}#${n}`;
    this.taken.add(key);
    return key;
  }
}
