/**
 * Live timers, so a process can cancel one by its handle.
 *
 * A timer sits in a reusable slot; its handle is serial × TIMER_SLOTS + slot, so a stale
 * handle (a timer that fired, whose slot now holds another) never matches. The event itself
 * carries its serial and slot as two small integers: a handle on the event would be a boxed
 * number on every event. A map by id was the kernel's costliest part when every client
 * request set and cancelled a timeout.
 */
import type { SimEvent } from './event';

/** More live timers than this cannot exist at once. */
const TIMER_SLOTS = 1 << 20;

export class TimerSlots {
  private slots: (SimEvent | undefined)[] = [];
  private free: number[] = [];
  private nextSerial = 1;

  /** Registers a scheduled timer; returns its handle. */
  add(e: SimEvent): number {
    const slot = this.free.length > 0 ? this.free.pop()! : this.slots.length;
    this.slots[slot] = e;
    e.slot = slot;
    e.id = this.nextSerial++;
    return e.id * TIMER_SLOTS + slot;
  }

  /** The live timer a handle names, if it has neither fired nor been cancelled. */
  live(handle: number): SimEvent | undefined {
    const slot = handle % TIMER_SLOTS;
    const e = this.slots[slot];
    return e !== undefined && e.id === (handle - slot) / TIMER_SLOTS ? e : undefined;
  }

  /** Frees the timer's slot (it fired or was cancelled); false if it was not live. */
  release(e: SimEvent): boolean {
    if (e.slot < 0 || this.slots[e.slot] !== e) return false;
    this.slots[e.slot] = undefined;
    this.free.push(e.slot);
    e.slot = -1;
    return true;
  }

  /** Every live timer of one host (a crash). */
  ofHost(hostIndex: number): SimEvent[] {
    const out: SimEvent[] = [];
    for (const e of this.slots) if (e !== undefined && e.host === hostIndex) out.push(e);
    return out;
  }
}
