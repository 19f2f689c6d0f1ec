import { dynamicKinds, findDynamicContent, moveDynamicContentToEnd } from './dynamic-content';

describe('findDynamicContent', () => {
  it.each([
    ['Today is 2026-12-04.', ['date']],
    ['Now: 2026-12-04T17:10:17Z', ['timestamp']],
    ['session 3f2b8c1e-9d4a-4b7e-8f21-0c9a1b2c3d4e', ['uuid']],
    [
      'token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
      ['jwt'],
    ],
    ['request_id: abcdef123456', ['request-id']],
    ['You are a careful assistant.', []],
  ])('finds the dynamic values in %j', (text, kinds) => {
    expect(dynamicKinds(text)).toEqual(kinds);
  });

  it('never reports overlapping matches', () => {
    const matches = findDynamicContent('at 2026-12-04T17:10:17Z and 2026-12-05');

    expect(matches.map((match) => match.kind)).toEqual(['timestamp', 'date']);
  });
});

describe('moveDynamicContentToEnd', () => {
  it('gives two days the same stable prefix', () => {
    const monday = moveDynamicContentToEnd('Today is 2026-12-04. Be brief.');
    const tuesday = moveDynamicContentToEnd('Today is 2026-12-05. Be brief.');
    const stable = (text: string) => text.slice(0, text.indexOf('Current values'));

    expect(stable(monday)).toBe(stable(tuesday));
    expect(monday).toContain('{{date:1}} = 2026-12-04');
  });

  it('leaves prompts without dynamic values alone', () => {
    expect(moveDynamicContentToEnd('Be brief.')).toBe('Be brief.');
  });
});
