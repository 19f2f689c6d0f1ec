import { ProgressBar } from './progress-bar';

function stream(isTTY: boolean) {
  const written: string[] = [];

  return { written, stream: { isTTY, write: (text: string) => written.push(text) > 0 } };
}

describe(ProgressBar.name, () => {
  describe('update', () => {
    it('redraws one line on a terminal, at most every 100 ms until done', () => {
      const { written, stream: tty } = stream(true);
      let now = 0;
      const bar = new ProgressBar(tty, () => now);

      bar.update(10, 100, 1);
      now = 50;
      bar.update(20, 100, 2);
      now = 200;
      bar.update(100, 100, 9);
      bar.finish();

      expect(written).toHaveLength(3);
      expect(written[0]).toMatch(/^\r\[#{3}-{27}\]\s+10% 1 requests$/);
      expect(written[1]).toContain('100% 9 requests');
      expect(written[2]).toBe('\n');
    });

    it('prints a line per tenth elsewhere, so CI logs stay short', () => {
      const { written, stream: pipe } = stream(false);
      const bar = new ProgressBar(pipe);

      for (let done = 0; done <= 1000; done += 5) bar.update(done, 1000, done);
      bar.finish();

      expect(written).toHaveLength(11);
      expect(written[10]).toBe('audit: 100% (1000 requests)\n');
    });
  });
});
