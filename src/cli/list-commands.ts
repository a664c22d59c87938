import { Command } from 'commander';
import { ALL_CHECKS } from '../checks/index.js';
import { schemeIds, schemeTitle } from '../schemes/registry.js';

export function checksCommand(): Command {
  return new Command('checks')
    .description('list every check with its severity and level')
    .action(() => {
      for (const { meta } of ALL_CHECKS) {
        console.log(
          `${meta.id.padEnd(34)} ${meta.severity.padEnd(9)} ${meta.level.padEnd(5)} ${meta.title}`,
        );
      }
    });
}

export function schemesCommand(): Command {
  return new Command('schemes')
    .description('list the signature schemes sigprobe speaks')
    .action(() => {
      for (const id of schemeIds()) console.log(`${id.padEnd(20)} ${schemeTitle(id)}`);
    });
}
