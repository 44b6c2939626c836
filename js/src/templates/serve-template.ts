// `serve --template FILE [--parameter K=V]... [--ssm-parameter K=V]... [--import-value K=V]...
// [--secret ID=V]... [--watch]` (Node only): loads a template file into the
// served emulator at start, logs what it created and skipped, and with --watch reloads it whenever
// the file changes: the stack is updated (rules the template no longer has are deleted, changed ones
// replaced), and events, deliveries and rules created by API calls stay. A reload that fails keeps
// the rules of the last good load and says why.
import * as fs from 'fs';
import type { EventBridge } from '../core/event-bridge.js';
import { LoadTemplateOptions, LoadTemplateReport } from './types.js';

export interface ServeTemplateOptions {
  file: string;
  /** `K=V` texts from --parameter. */
  parameters: string[];
  /** `K=V` texts from --ssm-parameter, --import-value and --secret. */
  ssmParameters?: string[];
  importValues?: string[];
  secrets?: string[];
  watch: boolean;
  /** The emulator's state came from a state file: the template's rules in it are taken over. */
  adoptExisting: boolean;
  log: (line: string) => void;
}

/** Parses --parameter K=V values (V may contain `=`; a list parameter takes `a,b`). */
export function parseParameters(values: string[], flag = '--parameter'): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of values) {
    const eq = v.indexOf('=');
    if (eq <= 0) throw new Error(`${flag} must be NAME=VALUE, not ${v}`);
    out[v.slice(0, eq)] = v.slice(eq + 1);
  }
  return out;
}

function summary(file: string, report: LoadTemplateReport): string[] {
  const lines = [
    `template ${file} (${report.format}, stack ${report.stackName}): ${report.created.length} created, ${report.skipped.length} skipped`,
  ];
  for (const change of report.changes) lines.push(`  ${change}`);
  for (const w of report.warnings) lines.push(`  warning: ${w}`);
  for (const s of report.skipped) lines.push(`  skipped ${s.logicalId} (${s.type}): ${s.reason}`);
  return lines;
}

/** Loads the file once (throws when it cannot be loaded) and, with watch, keeps it loaded. */
export async function serveTemplate(eb: EventBridge, options: ServeTemplateOptions): Promise<{ close(): void }> {
  const loadOptions: LoadTemplateOptions = {
    parameters: parseParameters(options.parameters),
    ssmParameters: parseParameters(options.ssmParameters ?? [], '--ssm-parameter'),
    importValues: parseParameters(options.importValues ?? [], '--import-value'),
    secrets: parseParameters(options.secrets ?? [], '--secret'),
    env: process.env,
    adoptExisting: options.adoptExisting,
  };
  const load = async () => eb.loadTemplate(fs.readFileSync(options.file, 'utf8'), loadOptions);
  const first = await load();
  for (const line of summary(options.file, first)) options.log(line);
  if (!options.watch) return { close() {} };

  let lastText = fs.readFileSync(options.file, 'utf8');
  let running: Promise<void> = Promise.resolve();
  // Polling the path (not an inode): editors that save by renaming a new file over it are seen too.
  const onChange = () => {
    running = running.then(async () => {
      let text: string;
      try {
        text = fs.readFileSync(options.file, 'utf8');
      } catch (e) {
        options.log(`template ${options.file}: cannot read it (${(e as Error).message}); keeping the rules of the last load`);
        return;
      }
      if (text === lastText) return;
      lastText = text;
      try {
        const report = await eb.loadTemplate(text, loadOptions);
        options.log(`template ${options.file} changed: reloaded`);
        const lines = summary(options.file, report).slice(1);
        if (!report.changes.length) lines.unshift('  no rule, bus or policy changed');
        for (const line of lines) options.log(line);
      } catch (e) {
        options.log(`template ${options.file} changed, but it cannot be loaded: ${(e as Error).message}; keeping the rules of the last load`);
      }
    });
  };
  fs.watchFile(options.file, { interval: 200 }, onChange);
  return {
    close() {
      fs.unwatchFile(options.file, onChange);
    },
  };
}
