import { indexArchive, type DayManifest } from '@b2c-alerts/investigate';
import type { Command } from 'commander';
import type { CommandContext } from '../command-context.js';
import { tenantHintOf } from '../env.js';
import { CliError } from '../errors/cli-error.js';
import { openArchive } from '../investigate/open-archive.js';
import { displayPath } from '../text/display-path.js';
import { escapeControlChars } from '../text/escape-control-chars.js';
import { cliEngineOptions } from '../investigate/engine-options.js';

/** `b2c-alerts archive index`: the index `events` reads, brought up to date from the parts. */
export function registerArchiveCommand(program: Command, context: CommandContext): void {
  const archive = program.command('archive').summary('maintain an archive: its query index');
  archive
    .command('index')
    .summary('build or update the archive index that `events` reads')
    .description(
      "Writes DIR/.index/: one zstd Parquet file per closed UTC day, built from that day's parts, with a manifest of " +
        'the parts it was built from. Only days whose parts changed are rebuilt; the open day is never indexed ' +
        '(events reads its parts). The parts stay the record: the index can be deleted and rebuilt at any time.',
    )
    .option('--archive <dir>', "the archive: the directory `export --out` writes, or the worker's ARCHIVE_DIR/<tenant>")
    .option('--tenant <id>', 'refuse an archive recorded for another tenant (default: AZURE_TENANT_ID when set)')
    .option('--rebuild', 'rebuild every closed day, not only the changed ones')
    .action(async (raw: { archive?: string; tenant?: string; rebuild?: boolean }) => {
      const dir = await openArchive(raw.archive, raw.tenant ?? tenantHintOf(context.env));
      const started = Date.now();
      const onDay = (m: DayManifest) =>
        context.progress.update(`indexed ${m.day}: ${m.rows.toLocaleString('en-US')} events`);
      let summary;
      try {
        summary = await indexArchive({
          engine: cliEngineOptions,
          archiveDir: dir.dir,
          now: () => context.clock.now(),
          ...(raw.rebuild ? { rebuild: true } : {}),
          onDay,
          signal: context.signal,
        });
      } finally {
        context.progress.clear();
      }
      const seconds = (Date.now() - started) / 1000;
      const bytes = summary.built.reduce((n, m) => n + m.fileBytes, 0);
      context.stdout.write(
        `Indexed ${summary.built.length} day${summary.built.length === 1 ? '' : 's'} (${summary.rows.toLocaleString('en-US')} events, ` +
          `${(bytes / 1e6).toFixed(1)} MB) in ${seconds.toFixed(1)} s; ${summary.current} already current; ` +
          `${summary.openDay} is open and read from its parts.\n`,
      );
      const skipped = summary.built.flatMap((m) => m.skipped.map((s) => ({ day: m.day, ...s })));
      for (const s of skipped) {
        context.stderr.write(
          `warning: skipped ${escapeControlChars(displayPath(`${dir.dir}/${s.day}/${s.name}`))}: ${escapeControlChars(s.reason)}\n`,
        );
      }
      if (skipped.length > 0) {
        throw new CliError(
          'CLI_ERR_RUNTIME',
          `${skipped.length} unreadable part${skipped.length === 1 ? ' was' : 's were'} left out of the index (above); move them out of the archive, then run again.`,
        );
      }
    });
}
