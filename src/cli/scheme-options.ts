import type { Command } from 'commander';

/**
 * The options that describe how requests are signed, shared by every command that
 * reads or makes signatures (`scan`, `crack`), so their names and help never drift.
 */
export function addSchemeShapeOptions(command: Command, awsCredentialHelp: string): Command {
  return command
    .option('--header <name>', 'name of the signature header (overrides the scheme default)')
    .option('--tag <tag>', 'algorithm tag before "=" in the header value ("" for none)')
    .option(
      '--timestamp-header <name>',
      'name of the timestamp header (overrides the scheme default)',
    )
    .option('--id-header <name>', 'name of the message-id header (overrides the scheme default)')
    .option(
      '--scheme-file <path>',
      'JSON/YAML description of an in-house scheme (implies --scheme template)',
    )
    .option('--aws-credential <id/region/service>', awsCredentialHelp);
}
