import { exportCommand } from '../../../server/cli/export.command';
import type { CliContext } from '../../../server/cli/cli-context';

describe('npm run cli -- export', () => {
  const noContext = {} as CliContext;
  let error: jest.SpyInstance;
  beforeEach(() => {
    error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => error.mockRestore());

  it.each([[[]], [['monthly']], [['monthly', '--month', '2026-10']], [['weekly', '--month', '2026-10', '--out', 'x.xlsx']]])('prints the usage for %j', async (args) => {
    await expect(exportCommand.run(args, noContext)).resolves.toBe(2);
    expect(error.mock.calls[0][0]).toContain('export monthly --month YYYY-MM --out FILE.xlsx');
  });

  it('names a bad id flag', async () => {
    await expect(exportCommand.run(['monthly', '--month', '2026-10', '--out', 'x.xlsx', '--team', 'abc'], noContext)).rejects.toThrow('--team must be a positive whole number (an id), got "abc"');
  });
});
