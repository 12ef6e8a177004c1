/**
 * Makes the steps of every better-sqlite3 transaction of this process visible to a test, and lets the test hold
 * the process at one of them. Imported by test/helpers/import-loop.ts, and preloaded into `npm run import`
 * (`node --import tsx --import <this file> scripts/import-local.ts …`) by test/local-store/kill.test.ts: the
 * store itself is not changed.
 *
 * Database#transaction, through which the store writes, is wrapped to write one line on stdout at each step,
 * before going on (on Linux a write to a pipe is synchronous: a line the test has read was written, and the
 * step it names had happened, before any kill):
 *
 *   writing     the transaction has begun (BEGIN IMMEDIATE has run): its body starts, nothing of it written
 *   written     its body has returned: every row is inserted, nothing committed
 *   committed   it has committed
 *
 * HOLD_TRANSACTIONS_AT (some of those words, comma-separated) makes the process stop after writing such a line
 * and read stdin until a newline comes. A test that kills the process on reading the line kills it exactly at
 * that step, however fast or busy the machine is; a newline lets it go on. The wait is a blocking read, so the
 * process does nothing else meanwhile: the transaction stays open, its rows uncommitted.
 */
import Database from 'better-sqlite3';
import { readSync } from 'node:fs';

export const TRANSACTION_STEPS = ['writing', 'written', 'committed'] as const;
export type TransactionStep = (typeof TRANSACTION_STEPS)[number];

const held = new Set((process.env.HOLD_TRANSACTIONS_AT ?? '').split(',').filter((s) => s !== ''));
for (const step of held) {
  if (!(TRANSACTION_STEPS as readonly string[]).includes(step))
    throw new Error(`HOLD_TRANSACTIONS_AT: ${step} is none of ${TRANSACTION_STEPS.join(', ')}`);
}

/** Blocks until a newline is read on stdin; fails when stdin ends first (the test is gone). */
function waitForNewline(): void {
  const byte = Buffer.alloc(1);
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    let read: number;
    try {
      read = readSync(0, byte, 0, 1, null);
    } catch (error) {
      // A non-blocking stdin has nothing yet: look again in a millisecond (the wait is for the test, not a clock).
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
      Atomics.wait(pause, 0, 0, 1);
      continue;
    }
    if (read === 0) throw new Error('stdin ended while a transaction was held');
    if (byte[0] === 0x0a) return;
  }
}

function step(name: TransactionStep): void {
  process.stdout.write(`${name}\n`);
  if (held.has(name)) waitForNewline();
}

const original = Database.prototype.transaction;
Database.prototype.transaction = function reportedTransaction(
  this: Database.Database,
  fn: (...args: unknown[]) => unknown,
) {
  const transaction = original.call(this, function (this: unknown, ...args: unknown[]) {
    step('writing');
    const result = fn.apply(this, args);
    step('written');
    return result;
  });
  const reported =
    (variant: (...args: unknown[]) => unknown) =>
    (...args: unknown[]) => {
      const result = variant(...args);
      step('committed');
      return result;
    };
  return Object.assign(reported(transaction), {
    deferred: reported(transaction.deferred),
    immediate: reported(transaction.immediate),
    exclusive: reported(transaction.exclusive),
  });
} as typeof original;
