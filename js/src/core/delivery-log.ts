// The delivery log behind deliveries() and GET /_emulator/deliveries: a ring bounded both in
// records and in bytes (payloads dominate: 10,000 deliveries of 24 KB are 240 MB), oldest evicted
// first. Every record gets an increasing id, so a reader can page with "after id N".

export interface DeliveryLogLimits {
  /** Most records kept (default 10,000). */
  maxRecords: number;
  /** Most bytes kept, counted as payload and attempt-history characters plus a fixed overhead (default 64 MiB). */
  maxBytes: number;
}

export const DEFAULT_DELIVERY_LOG_LIMITS: DeliveryLogLimits = { maxRecords: 10_000, maxBytes: 64 * 1024 * 1024 };

// What a record costs besides its payload and history: ids, ARNs, status (a rough upper bound).
const RECORD_OVERHEAD_BYTES = 512;

interface Slot<T> {
  record: T;
  bytes: number;
}

export function validateLogLimits(limits: Partial<DeliveryLogLimits> | undefined): DeliveryLogLimits {
  const out = { ...DEFAULT_DELIVERY_LOG_LIMITS };
  for (const key of ['maxRecords', 'maxBytes'] as const) {
    const v = limits?.[key];
    if (v === undefined) continue;
    if (!Number.isSafeInteger(v) || v < 1) {
      throw new RangeError(`deliveryLog.${key} must be a positive integer, not ${String(v)}`);
    }
    out[key] = v;
  }
  return out;
}

export class DeliveryLog<T extends { id: number }> {
  private slots: Slot<T>[] = [];
  private head = 0; // index of the oldest live slot
  private bytes = 0;
  private nextId = 1;
  private evictedCount = 0;

  constructor(private readonly limits: DeliveryLogLimits = DEFAULT_DELIVERY_LOG_LIMITS) {}

  /** Adds a record (its id is assigned here, whatever it held), evicting the oldest ones beyond the limits. */
  add(record: T, bytes: number): T {
    const r = record;
    r.id = this.nextId++;
    const cost = bytes + RECORD_OVERHEAD_BYTES;
    this.slots.push({ record: r, bytes: cost });
    this.bytes += cost;
    this.evict();
    return r;
  }

  /** Counts `bytes` more for a record that grew (an attempt added to its history). */
  grow(record: T, bytes: number): void {
    const slot = this.find(record.id);
    if (!slot || slot.record !== record) return; // already evicted
    slot.bytes += bytes;
    this.bytes += bytes;
    this.evict();
  }

  /** Records oldest first; `after` skips ids up to it, `limit` caps the count. */
  list(after = 0, limit = Infinity): T[] {
    const out: T[] = [];
    for (let i = this.firstAfter(after); i < this.slots.length && out.length < limit; i++) out.push(this.slots[i].record);
    return out;
  }

  get size(): number {
    return this.slots.length - this.head;
  }

  /** Records evicted so far to keep within the limits. */
  get evicted(): number {
    return this.evictedCount;
  }

  clear(): void {
    this.slots = [];
    this.head = 0;
    this.bytes = 0;
  }

  private evict(): void {
    // Always keep the newest record, even when it alone exceeds the byte budget.
    while (this.size > 1 && (this.size > this.limits.maxRecords || this.bytes > this.limits.maxBytes)) {
      this.bytes -= this.slots[this.head].bytes;
      this.head++;
      this.evictedCount++;
    }
    if (this.head > 1024 && this.head * 2 > this.slots.length) {
      this.slots = this.slots.slice(this.head);
      this.head = 0;
    }
  }

  // Index of the first live slot whose id is above `id` (ids increase along the array).
  private firstAfter(id: number): number {
    let lo = this.head;
    let hi = this.slots.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.slots[mid].record.id <= id) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private find(id: number): Slot<T> | undefined {
    const i = this.firstAfter(id - 1);
    return i < this.slots.length && this.slots[i].record.id === id ? this.slots[i] : undefined;
  }
}
