import { afterEach, describe, expect, it } from 'vitest';
import { checkChapters, summaryCards, tagline } from '../../../src/summary/html.ts';
import { summaryText } from '../../../src/summary/index.ts';
import { type Fixture, makeFixture } from './fixture.ts';

let fixture: Fixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

describe('summaryText', () => {
  it('should list every chapter with its number, problem and answer', async () => {
    fixture = await makeFixture({ chapters: 5 });
    const text = summaryText(fixture.book);
    expect(text.split('\n')[0]).toBe(fixture.book.title);
    for (const [i, post] of fixture.book.chapters.entries()) {
      expect(text).toContain(`${i + 1}. ${post.title}\n   Problem: ${post.problem}\n   Answer: ${post.answer}`);
    }
  });

  it('should prefer the configured tagline to the description', async () => {
    fixture = await makeFixture({ chapters: 1, summary: { tagline: 'All of it on one sheet.' } });
    expect(tagline(fixture.book)).toBe('All of it on one sheet.');
    fixture.book.config.summary.tagline = undefined;
    expect(tagline(fixture.book)).toBe(fixture.book.description);
  });
});

describe('checkChapters', () => {
  it("should warn on the chapter's own file when its problem or answer is missing", async () => {
    fixture = await makeFixture({ chapters: 2 });
    const [first, second] = fixture.book.chapters;
    first!.problem = undefined;
    second!.answer = undefined;
    second!.summary = 'A summary stands in for the answer.';
    checkChapters(fixture.book);
    expect(first!.file.messages.map((m) => m.ruleId)).toEqual(['summary-missing-problem']);
    expect(second!.file.messages).toEqual([]);
    // a summary is shown as itself, not under the label ANSWER (the old card did that)
    expect(summaryCards(fixture.book)[1]!.answer).toBe('');
    expect(summaryCards(fixture.book)[1]!.summary).toBe('A summary stands in for the answer.');
  });
});
