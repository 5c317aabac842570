import { Command, Option } from 'commander';
import { formatReport, formatReportJson, validateBundle } from '../agent/local/validate/index.ts';

const EXAMPLES = `
Examples:
  cutover validate                          # the bundle in this directory
  cutover validate ./build/app.zip
  cutover validate ./app -A appspec_override.yaml
  cutover validate ./app --output json | jq '.problems[] | .message'

Each problem is printed as file:line:col: error|warning: message. Checks: the appspec (every
problem, with the agent's messages), that each hook script exists, is executable and has a #!
line, that each files source exists, and, for archives, that the agent would unpack it.

Exit codes: 0 no errors (warnings allowed); 1 errors found, or bad flags.`;

/** `cutover validate`: checks a bundle's appspec, scripts and files without deploying. */
export function validateCommand(): Command {
  return new Command('validate')
    .description('check a bundle (directory, zip, tar or tgz) and its appspec without deploying')
    .argument('[bundle]', 'bundle directory or archive', '.')
    .addOption(new Option('-A, --appspec-filename <name>', 'appspec file name in the bundle (default appspec.yml, else appspec.yaml)'))
    .addOption(new Option('-t, --type <type>', 'archive type when the file name does not say (default: guessed from its content)').choices(['zip', 'tar', 'tgz']))
    .addOption(new Option('-o, --output <format>', 'text (colour on a terminal) or json').choices(['text', 'json']).default('text'))
    .addHelpText('after', EXAMPLES)
    .action(async (bundle: string, flags: ValidateFlags) => {
      const report = await validateBundle({ path: bundle, ...defined({ type: flags.type, appSpecFilename: flags.appspecFilename }) });
      const color = process.stdout.isTTY === true && !process.env.NO_COLOR;
      process.stdout.write(flags.output === 'json' ? formatReportJson(report) : formatReport(report, { color }));
      process.exitCode = report.valid ? 0 : 1;
    });
}

interface ValidateFlags {
  appspecFilename?: string;
  type?: string;
  output: 'text' | 'json';
}

function defined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
