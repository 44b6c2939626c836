// serve's log: one line per request and per delivery attempt (and per cancelled retry or
// dead-letter message), as text or JSON lines. Written with Node's own streams, no logging library:
// the whole need is one line per event in two fixed formats (no levels, transports or rotation),
// and a library would become a runtime dependency of every user of the package for that.
import type { Writable } from 'stream';
import type { DeliveryEvent } from '../core/delivery.js';
import type { RequestLogEntry } from './http-server.js';

export type LogFormat = 'text' | 'json';

export interface ServeLog {
  request(entry: RequestLogEntry): void;
  delivery(event: DeliveryEvent): void;
  /** Something the user should know once (e.g. a Lambda runner invoked synchronously). */
  notice(text: string): void;
}

function ruleName(ruleArn: string): string {
  return ruleArn.slice(ruleArn.lastIndexOf('/') + 1);
}

// Values with spaces or quotes are quoted in text lines.
function field(name: string, value: unknown): string {
  const text = String(value);
  return `${name}=${/^[^\s"=]+$/.test(text) ? text : JSON.stringify(text)}`;
}

function deliveryFields(e: DeliveryEvent): Record<string, unknown> {
  const r = e.record;
  const a = e.attempt;
  const out: Record<string, unknown> = {
    event: e.type,
    rule: ruleName(r.ruleArn),
    target: r.targetId,
    targetArn: r.targetArn,
    eventId: r.eventId,
    status: r.status,
  };
  if (a) {
    out.attempt = a.attempt;
    out.by = a.by;
    out.result = a.result;
  }
  if (r.destination) out.destination = r.destination;
  const error = a?.error ?? (e.type === 'cancelled' ? r.error : undefined);
  if (error) out.error = error;
  if (r.nextAttemptAt) out.nextAttemptAt = r.nextAttemptAt;
  if (r.retriedBy) out.retriedBy = r.retriedBy;
  return out;
}

export function createServeLog(options: { format: LogFormat; quiet: boolean; out: Writable; err: Writable }): ServeLog {
  const { format, quiet, out, err } = options;
  const write = (type: string, fields: Record<string, unknown>, text: string) => {
    const time = new Date().toISOString();
    if (format === 'json') out.write(`${JSON.stringify({ time, type, ...fields })}\n`);
    else out.write(`${time} ${text}\n`);
  };
  return {
    request(entry) {
      if (quiet) return;
      const { method, path, operation, status, durationMs, ...rest } = entry;
      const fields: Record<string, unknown> = { operation: operation ?? `${method} ${path}`, status, durationMs, ...rest };
      if (format === 'json') return write('request', { method, path, ...fields }, '');
      const parts = [String(fields.operation), String(status), `${durationMs}ms`];
      for (const key of ['rule', 'eventBus', 'entries', 'failedEntries'] as const) {
        if (rest[key] !== undefined) parts.push(field(key, rest[key]));
      }
      if (rest.error) parts.push(field('error', rest.error));
      write('request', fields, parts.join(' '));
    },
    delivery(event) {
      if (quiet) return;
      const fields = deliveryFields(event);
      if (format === 'json') return write('delivery', fields, '');
      const parts = [`delivery ${event.type}`, field('rule', fields.rule), field('target', `${fields.target} (${fields.targetArn})`)];
      if (fields.attempt !== undefined) parts.push(field('attempt', fields.attempt));
      parts.push(String(fields.status));
      if (fields.error) parts.push(field('error', fields.error));
      if (fields.nextAttemptAt) parts.push(field('next', fields.nextAttemptAt), field('retriedBy', fields.retriedBy));
      write('delivery', fields, parts.join(' '));
    },
    notice(text) {
      if (quiet) {
        err.write(`serve: ${text}\n`);
        return;
      }
      write('notice', { message: text }, `notice ${text}`);
    },
  };
}
