import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildSite, isPublished, type SiteFile } from '../../functions/core/publication/site.ts';
import type { Submission } from '../../functions/core/submissions.ts';
import { seededCycle, seedStates } from '../support/seed.ts';
import { followUpItem, submission, violationItem } from '../support/submissions.ts';

const states = seedStates();
const cycle = seededCycle();
const generatedAt = '2024-07-01T08:00:00.000Z';
const site = (submissions: readonly Submission[]) => buildSite({ cycle, states, submissions, generatedAt });

/** A submission with its publication decision and attachments set as the test needs. */
function reply(
  sequence: number,
  state: string,
  day: string,
  items: unknown[],
  options: { publish: boolean; language?: Submission['language']; attachments?: readonly string[] },
): Submission {
  const base = submission(sequence, state, `${day}T10:00:00.000Z`, items);
  return {
    ...base,
    language: options.language ?? 'en',
    decisions: { ...base.decisions, publishFullText: { value: options.publish, decidedBy: 'secretariat', at: `${day}T11:00:00.000Z` } },
    attachments: (options.attachments ?? []).map((fileName, index) => ({
      fileName,
      contentType: 'application/pdf',
      size: 1000 + index,
      sha256: String(index).repeat(64),
      itemIndex: 0,
      key: `uploads/${state}/${base.reference}/${index}`,
    })),
  };
}

const pages = (files: readonly SiteFile[]) => files.filter((file) => file.kind === 'page');
const everything = (files: readonly SiteFile[]) => files.map((file) => `${file.path}\n${file.kind === 'page' ? file.content : file.key}`).join('\n');
/** The reference as a whole word: MPR-2024-0001 is not found inside MPR-2024-00010, but is inside INC-MPR-2024-0001-1. */
const mentions = (text: string, reference: string) => new RegExp(`(^|[^0-9])${reference}($|[^0-9])`).test(text);

// Replies that share everything a reply can share: States, days, texts, attachment names, and
// follow-ups answering any reply (published or not) by reference or incident id.
const sharedStates = ['FRA', 'KEN', 'MEX', 'CIV', 'TUR'] as const;
const sharedDays = ['2024-03-01', '2024-03-02'] as const;
const sharedTexts = ['The chancery was attacked.', 'Guards were posted <at> the gate & the residence.'] as const;
const sharedFileNames = ['photos.pdf', 'note verbale.pdf'] as const;

const replyArbitrary = fc.record({
  state: fc.constantFrom(...sharedStates),
  day: fc.constantFrom(...sharedDays),
  publish: fc.boolean(),
  language: fc.constantFrom('en', 'fr', 'ar' as const),
  items: fc.array(
    fc.oneof(
      fc.record({ kind: fc.constant('violation' as const), text: fc.constantFrom(...sharedTexts) }),
      fc.record({ kind: fc.constant('views' as const), text: fc.constantFrom(...sharedTexts) }),
      fc.record({ kind: fc.constant('follow-up' as const), answers: fc.nat({ max: 11 }), byIncident: fc.boolean() }),
    ),
    { minLength: 1, maxLength: 3 },
  ),
  attachments: fc.array(fc.constantFrom(...sharedFileNames), { maxLength: 2 }),
});

type Drawn = typeof replyArbitrary extends fc.Arbitrary<infer T> ? T : never;

function replies(drawn: readonly Drawn[]): Submission[] {
  return drawn.map((entry, index) =>
    reply(
      index + 1,
      entry.state,
      entry.day,
      entry.items.map((item) => {
        if (item.kind === 'violation')
          return violationItem({ occurredIn: entry.state === 'KEN' ? 'MEX' : 'KEN', incidentDate: '2024-02-28', facts: item.text });
        if (item.kind === 'views') return { kind: 'views', text: item.text };
        const reference = `MPR-2024-${String((item.answers % drawn.length) + 1).padStart(4, '0')}`;
        return followUpItem(item.byIncident ? `INC-${reference}-1` : reference);
      }),
      { publish: entry.publish, language: entry.language, attachments: entry.attachments },
    ),
  );
}

describe('the published site', () => {
  it('is the same with or without the replies not to be published: none of them leaves a trace', () => {
    fc.assert(
      fc.property(fc.array(replyArbitrary, { minLength: 1, maxLength: 12 }), (drawn) => {
        const all = replies(drawn);
        const published = all.filter(isPublished);
        const withheld = all.filter((candidate) => !isPublished(candidate));
        const files = site(all);

        expect(files).toEqual(site(published));
        const text = everything(files);
        for (const kept of withheld) {
          expect(mentions(text, kept.reference)).toBe(false);
          for (const attachment of kept.attachments) expect(files.some((file) => file.kind === 'attachment' && file.key === attachment.key)).toBe(false);
        }
        for (const shown of published) {
          expect(files.some((file) => file.path === `replies/${shown.reference}.html`)).toBe(true);
          expect(files.filter((file) => file.kind === 'attachment' && file.path.startsWith(`replies/${shown.reference}/`))).toHaveLength(
            shown.attachments.length,
          );
        }
        expect(pages(files)).toHaveLength(2 + published.length);
      }),
      { numRuns: 150 },
    );
  });

  it('leaves out the text of a reply not to be published, even from the same State on the same day', () => {
    const shown = reply(1, 'FRA', '2024-03-01', [{ kind: 'views', text: 'Guards were posted.' }], { publish: true, attachments: ['photos.pdf'] });
    const kept = reply(2, 'FRA', '2024-03-01', [{ kind: 'views', text: 'A confidential account of the negotiations.' }], {
      publish: false,
      attachments: ['photos.pdf'],
    });
    const text = everything(site([shown, kept]));
    expect(text).toContain('Guards were posted.');
    expect(text).not.toContain('confidential account');
    expect(text).not.toContain('MPR-2024-0002');
    expect(
      site([shown, kept])
        .filter((file) => file.kind === 'attachment')
        .map((file) => file.path),
    ).toEqual(['replies/MPR-2024-0001/1-photos.pdf']);
  });

  it('lists the States in English alphabetical order, each reply with the date of its note and its kinds', () => {
    const files = site([
      reply(1, 'TUR', '2024-03-01', [{ kind: 'views', text: 'Views.' }], { publish: true }),
      reply(2, 'CIV', '2024-03-02', [violationItem({ incidentDate: '2024-02-01' })], { publish: true }),
      reply(3, 'CRI', '2024-03-01', [followUpItem('MPR-2024-0002'), { kind: 'views', text: 'More views.' }], { publish: true }),
      reply(4, 'HRV', '2024-03-01', [{ kind: 'views', text: 'Views.' }], { publish: true }),
    ]);
    const index = (files.find((file) => file.path === 'index.html') as Extract<SiteFile, { kind: 'page' }>).content;
    const headings = [...index.matchAll(/<h2 id="state-[A-Z]{3}">([^<]+)<\/h2>/g)].map((match) => match[1]);
    expect(headings).toEqual(['Costa Rica', 'Côte d&#39;Ivoire', 'Croatia', 'Türkiye']);
    expect(index).toContain('<a href="replies/MPR-2024-0003.html">Note of 1 March 2024</a>: follow-up report (paragraph 11 (b)) and views (paragraph 13)');
    expect(index).toContain('4 replies from 4 States');
  });

  it('escapes every text, carries no script, marks languages, and links only within the site', () => {
    const hostile = 'Stones </div><script>alert(1)</script> & "quotes"';
    const files = site([
      reply(1, 'FRA', '2024-03-01', [violationItem({ facts: hostile, city: 'Paris <b>' })], {
        publish: true,
        language: 'fr',
        attachments: ['photo #1 <x>.pdf'],
      }),
      reply(
        2,
        'KEN',
        '2024-03-02',
        [
          followUpItem('INC-MPR-2024-0001-1'),
          { kind: 'views', text: 'آراء', legislation: [{ title: 'Act', year: 2001, link: 'https://example.org/act?a=1&b=2' }] },
        ],
        { publish: true, language: 'ar' },
      ),
    ]);
    const paths = new Set(files.map((file) => file.path));
    for (const file of pages(files)) {
      expect(file.content).not.toMatch(/<script/i);
      if (!file.path.endsWith('.html')) continue;
      expect(file.content).toMatch(/^<!DOCTYPE html>\n<html lang="en">/);
      for (const [, target] of file.content.matchAll(/href="([^"]*)"/g)) {
        if (target!.startsWith('https://example.org/')) continue;
        expect(target).not.toMatch(/^(\/|[a-z]+:)/i);
        const [path, fragment] = decodeURIComponent(target!.replaceAll('&amp;', '&')).split('#');
        if (path === '') {
          expect(file.content).toContain(`id="${fragment}"`);
          continue;
        }
        const resolved = new URL(path!, `https://site.example/${file.path}`).pathname.slice(1);
        expect(paths).toContain(resolved);
      }
    }
    const french = (files.find((file) => file.path === 'replies/MPR-2024-0001.html') as Extract<SiteFile, { kind: 'page' }>).content;
    expect(french).toContain('<div class="text" lang="fr">Stones &lt;/div&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;</div>');
    expect(french).toContain('<span lang="fr">Paris &lt;b&gt;</span>, Kenya');
    expect(french).toContain('download="photo #1 &lt;x&gt;.pdf"');
    const arabic = (files.find((file) => file.path === 'replies/MPR-2024-0002.html') as Extract<SiteFile, { kind: 'page' }>).content;
    expect(arabic).toContain('<div class="text" lang="ar" dir="rtl">آراء</div>');
    expect(arabic).toContain('<a href="MPR-2024-0001.html">INC-MPR-2024-0001-1</a>');
    expect(files.find((file) => file.kind === 'attachment')).toEqual({
      kind: 'attachment',
      path: 'replies/MPR-2024-0001/1-photo-1-x-.pdf',
      contentType: 'application/pdf',
      key: 'uploads/FRA/MPR-2024-0001/0',
      size: 1000,
      sha256: '0'.repeat(64),
    });
  });

  it('names no report that a published follow-up answers when that report is not published', () => {
    const files = site([
      reply(1, 'FRA', '2024-03-01', [violationItem()], { publish: false }),
      reply(2, 'KEN', '2024-03-05', [followUpItem('INC-MPR-2024-0001-1')], { publish: true }),
    ]);
    const text = everything(files);
    expect(text).toContain('<dt>In answer to</dt><dd>a report of a serious violation</dd>');
    expect(mentions(text, 'MPR-2024-0001')).toBe(false);
  });

  it('publishes only the replies of its cycle, and says so when there are none', () => {
    const other = { ...reply(1, 'FRA', '2024-03-01', [{ kind: 'views', text: 'Views.' }], { publish: true }), cycleId: '79/1' };
    const files = site([other]);
    expect(files.map((file) => file.path)).toEqual(['index.html', 'style.css']);
    expect((files[0] as Extract<SiteFile, { kind: 'page' }>).content).toContain('No reply has been published.');
  });
});
