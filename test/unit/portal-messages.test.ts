/**
 * The portal's message catalogues: the same keys in every language, a label in each for every
 * value of the report form's vocabularies (which come from the core, not from the catalogues),
 * and every `{name}` placeholder of English kept in the translations.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { officialLanguages } from '../../functions/core/codes.ts';
import { obligationKinds } from '../../functions/core/obligations.ts';
import { affectedKinds, justiceMeasureKinds, preventiveMeasureKinds, submissionStatuses, violationKinds } from '../../functions/core/submissions.ts';
import { fieldRules } from '../../functions/core/validation.ts';
import { catalogues, languages, type MessageKey, problemsInCatalogue, translate } from '../../functions/handlers/portal/app/messages.ts';

const functionsDirectory = join(import.meta.dirname, '..', '..', 'functions');

const vocabularies: Record<string, readonly string[]> = {
  affected: affectedKinds,
  violation: violationKinds,
  justice: justiceMeasureKinds,
  preventive: preventiveMeasureKinds,
  officialLanguage: officialLanguages,
  obligation: obligationKinds,
  status: submissionStatuses,
};

describe('the portal’s messages', () => {
  it('have the same keys, and no empty text, in every language', () => {
    const english = Object.keys(catalogues.en).sort();
    for (const language of languages) {
      expect(Object.keys(catalogues[language]).sort(), language).toEqual(english);
      for (const [key, text] of Object.entries(catalogues[language])) expect(text.trim(), `${language} ${key}`).not.toBe('');
    }
  });

  it('say every rule the API names for a refused field in every language', () => {
    for (const language of languages) for (const rule of fieldRules) expect(catalogues[language], `${language} rule.${rule}`).toHaveProperty([`rule.${rule}`]);
  });

  it('word every problem the API can answer a person with, or say why its English detail is shown instead', () => {
    // Every problem type the functions answer with, read from their source.
    const sources = readdirSync(functionsDirectory, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts'))
      .map((file) => readFileSync(join(functionsDirectory, file), 'utf8'));
    const types = new Set(sources.flatMap((source) => [...source.matchAll(/type: '(\/problems\/[a-z-]+)'/g)].map((match) => match[1]!)));
    const notWorded: Readonly<Record<string, string>> = {
      '/problems/validation': 'its fields are worded by their rules',
      '/problems/token-revoked': 'a 401: the portal signs the user out and says the session ended',
      '/problems/not-found': 'the views that read one submission say it in their own words',
      '/problems/conflict': 'its detail says what changed, which a fixed sentence would lose',
      '/problems/decision-no-longer-applies': 'likewise',
      '/problems/invalid-header': 'the portal sets its headers itself',
      '/problems/unsupported-media-type': 'the portal always sends JSON',
      '/problems/idempotency-key-reused': 'the portal makes a new key for each new form',
    };
    expect(types.size).toBeGreaterThan(10);
    for (const type of types) expect(Object.hasOwn(problemsInCatalogue, type) || Object.hasOwn(notWorded, type), type).toBe(true);
    for (const key of Object.values(problemsInCatalogue))
      for (const language of languages) expect(catalogues[language][key], `${language} ${key}`).toBeTruthy();
  });

  it('label every value of the form’s vocabularies in every language', () => {
    for (const language of languages) {
      for (const [prefix, values] of Object.entries(vocabularies)) {
        for (const value of values) expect(catalogues[language], `${language} ${prefix}.${value}`).toHaveProperty([`${prefix}.${value}`]);
      }
    }
  });

  it('keep every placeholder of the English text', () => {
    for (const [key, text] of Object.entries(catalogues.en)) {
      const placeholders = [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
      for (const language of languages) {
        expect([...catalogues[language][key as MessageKey].matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort(), `${language} ${key}`).toEqual(placeholders);
      }
    }
    expect(translate('fr', 'receipt.title', { reference: 'MPR-2026-0001' })).toBe('Reçu : MPR-2026-0001');
  });
});
