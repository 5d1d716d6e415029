import { renderTable } from './output';

describe('renderTable', () => {
  it('aligns text left and figures right under a rule, showing missing figures as "-"', () => {
    const table = renderTable(['Group', 'Offenders', 'Rate %'], [
      ['male', 12, 33.33],
      ['female', 3, null],
    ]);
    expect(table.split('\n')).toEqual([
      'Group   Offenders  Rate %', //
      '------  ---------  ------',
      'male           12   33.33',
      'female          3       -',
    ]);
  });
});
