import { describe, expect, it } from 'vitest';
import { mesh } from '../support/run-cli.js';

/** The commands `mesh --help` lists (the program's own list), without commander's `help`. */
async function commandsOf(...parent: string[]): Promise<string[]> {
  const { code, out } = await mesh([...parent, '--help']);
  expect(code).toBe(0);
  const text = out.join('\n');
  const section = text.slice(text.indexOf('\nCommands:\n') + '\nCommands:\n'.length);
  return [...section.matchAll(/^ {2}(\w[\w-]*)/gm)].map((m) => m[1]!).filter((name) => name !== 'help');
}

describe('every subcommand has its own --help', () => {
  it('the program lists every command', async () => {
    // The list the next test walks: were it empty, that test would pass on nothing.
    expect(await commandsOf()).toEqual(expect.arrayContaining(['check', 'compile', 'build', 'test', 'ls', 'lineage', 'docs', 'catalog', 'contract', 'debug']));
  });

  it('mesh <command> --help prints that command\'s usage, not the top-level help', async () => {
    const top = (await mesh(['--help'])).out.join('\n');
    const commands = [...(await commandsOf()).map((c) => [c]), ...(await commandsOf('contract')).map((c) => ['contract', c])];
    expect(commands).toContainEqual(['contract', 'diff']);
    for (const command of commands) {
      const { code, out, err } = await mesh([...command, '--help']);
      expect([command.join(' '), code, err]).toEqual([command.join(' '), 0, []]);
      const help = out.join('\n');
      expect(help.split('\n')[0]).toMatch(new RegExp(`^Usage: mesh ${command.join(' ')}( |$)`));
      expect(help).not.toBe(top);
      // `mesh help <command>` (`mesh contract help diff`) prints the same.
      expect((await mesh([...command.slice(0, -1), 'help', command.at(-1)!])).out.join('\n')).toBe(help);
    }
  });
});

describe('a command that does not exist is an error, with --help too', () => {
  it.each([
    [['nope', '--help'], "error: unknown command 'nope'", undefined],
    [['nope'], "error: unknown command 'nope'", undefined],
    [['chek', '--help'], "error: unknown command 'chek'", 'check'],
    [['buidl', '--select', 'x'], "error: unknown command 'buidl'", 'build'],
    [['help', 'chek'], "error: unknown command 'chek'", 'check'],
    [['contract', 'dif', '--help'], "error: unknown command 'contract dif'", 'diff'],
  ])('mesh %j', async (args, message, near) => {
    const { code, out, err } = await mesh(args);
    expect(code).toBe(1);
    // No help on stdout: a script reading it gets nothing that looks like success.
    expect(out).toEqual([]);
    const text = err.join('\n');
    expect(text.split('\n')[0]).toBe(message);
    if (near) expect(text).toContain(`(Did you mean ${near}?)`);
    else expect(text).not.toContain('Did you mean');
  });

  it("a command's arguments, options and their values are not read as commands", async () => {
    const { code, err } = await mesh(['lineage', 'no_such_node', '--project', 'no-such-folder', '--format', 'json']);
    expect(err.join('\n')).not.toContain('unknown command');
    expect(code).toBe(1);
  });
});
