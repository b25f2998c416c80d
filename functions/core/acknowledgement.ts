/**
 * The acknowledgement a mission receives when its e-mail arrives: in the mission's working
 * language, with the reference number (or, for a message the Secretariat must first classify,
 * the triage file number), the date received, what happens next, and the report form for next
 * time. Missions expect an acknowledgement with a reference number from every comparable system.
 *
 * Paragraph numbers are not quoted: they change from one resolution to the next, and the
 * acknowledgement does not need them.
 */
import type { WorkingLanguage } from './codes.ts';
import { formErrorLines, structuredTemplate } from './inbound-email/report-form.ts';
import type { Submission } from './submissions.ts';
import type { FieldError } from './validation.ts';

export type AcknowledgementInput =
  | {
      readonly outcome: 'recorded';
      readonly language: WorkingLanguage;
      readonly submission: Pick<Submission, 'reference' | 'receivedAt' | 'decisions' | 'items'>;
      readonly subject: string | null;
      /** When the State reported a violation in its own territory: the day its follow-up under 11(b) is due. */
      readonly followUpDue?: string;
    }
  | {
      readonly outcome: 'awaiting-classification';
      readonly language: WorkingLanguage;
      readonly triageId: string;
      readonly receivedAt: string;
      readonly subject: string | null;
      /** Why the report form in the message could not be read, when it had one. */
      readonly formErrors?: readonly FieldError[];
    };

export interface Acknowledgement {
  readonly subject: string;
  readonly text: string;
}

/** "1 May 2026" / "1er mai 2026", the date as the Secretariat writes it (in UTC, the system's time). */
export function longDate(instant: string, language: WorkingLanguage): string {
  const date = new Date(instant);
  const text = new Intl.DateTimeFormat(language === 'fr' ? 'fr-FR' : 'en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(date);
  return language === 'fr' && date.getUTCDate() === 1 ? text.replace(/^1 /, '1er ') : text;
}

const words = {
  en: {
    recordedSubject: (reference: string) => `Acknowledgement of receipt: ${reference}`,
    awaitingSubject: (triageId: string) => `Acknowledgement of receipt: awaiting classification (${triageId})`,
    opening: (date: string, subject: string | null) =>
      `The Codification Division of the Office of Legal Affairs of the United Nations Secretariat acknowledges receipt of your communication received on ${date}${subject ? ` ("${subject}")` : ''}.`,
    reference: (reference: string) => `Reference number: ${reference}. Please quote it in any correspondence about this communication.`,
    circulated: 'What happens next: the report will be circulated to all States, as the resolution provides, since you did not request otherwise.',
    restrained: 'What happens next: as you requested, the report will not be circulated to other States.',
    viewsOnly: 'What happens next: views are not circulated to States.',
    summarized: 'The communication will be summarized in the report of the Secretary-General to the General Assembly.',
    choices: (circulate: boolean, publish: boolean, summarize: boolean) =>
      `Recorded as you asked: circulation to all States: ${circulate ? 'yes' : 'no'}; publication of the full text: ${publish ? 'yes' : 'no'}; summary in the report of the Secretary-General: ${summarize ? 'yes' : 'no'}.`,
    followUp: (due: string) =>
      `As the violation you report took place in your territory, the resolution also asks your Government to report on the measures taken to bring the offender to justice and to prevent a repetition (follow-up report); it is expected by ${due}.`,
    notForm: 'What happens next: the communication does not follow the report form, so the Secretariat will read it and record it as a report or as views.',
    unreadableForm: 'What happens next: the communication contains the report form, but the form could not be read:',
    unreadableFormAfter: 'The Secretariat will read the communication as it is and record it; you may also send it again with the form corrected.',
    fileNumber: (triageId: string) => `File number: ${triageId}. Please quote it in any correspondence about this communication.`,
    templateIntro:
      'For your next communication, you may copy the report form below into the body of an e-mail, fill in what applies and send it to this address: it is then recorded at once.',
  },
  fr: {
    recordedSubject: (reference: string) => `Accusé de réception : ${reference}`,
    awaitingSubject: (triageId: string) => `Accusé de réception : en attente de classement (${triageId})`,
    opening: (date: string, subject: string | null) =>
      `La Division de la codification du Bureau des affaires juridiques du Secrétariat de l'Organisation des Nations Unies accuse réception de votre communication reçue le ${date}${subject ? ` (« ${subject} »)` : ''}.`,
    reference: (reference: string) => `Numéro de référence : ${reference}. Prière de le rappeler dans toute correspondance relative à cette communication.`,
    circulated:
      "Suite donnée : le rapport sera diffusé à tous les États, comme le prévoit la résolution, puisque vous n'avez pas demandé qu'il en soit autrement.",
    restrained: "Suite donnée : comme vous l'avez demandé, le rapport ne sera pas diffusé aux autres États.",
    viewsOnly: 'Suite donnée : les vues ne sont pas diffusées aux États.',
    summarized: "La communication sera résumée dans le rapport du Secrétaire général à l'Assemblée générale.",
    choices: (circulate: boolean, publish: boolean, summarize: boolean) =>
      `Enregistré comme vous l'avez demandé : communication à tous les États : ${circulate ? 'oui' : 'non'} ; publication du texte intégral : ${publish ? 'oui' : 'non'} ; résumé dans le rapport du Secrétaire général : ${summarize ? 'oui' : 'non'}.`,
    followUp: (due: string) =>
      `La violation signalée ayant eu lieu sur votre territoire, la résolution prie également votre Gouvernement de faire rapport sur les mesures prises pour traduire l'auteur en justice et pour empêcher qu'elle ne se reproduise (rapport de suivi) ; ce rapport est attendu pour le ${due}.`,
    notForm: "Suite donnée : la communication ne suit pas le formulaire de rapport ; le Secrétariat l'examinera et l'enregistrera comme rapport ou comme vues.",
    unreadableForm: "Suite donnée : la communication contient le formulaire de rapport, mais celui-ci n'a pas pu être lu :",
    unreadableFormAfter: "Le Secrétariat examinera la communication telle quelle et l'enregistrera ; vous pouvez aussi la renvoyer avec le formulaire corrigé.",
    fileNumber: (triageId: string) => `Numéro de dossier : ${triageId}. Prière de le rappeler dans toute correspondance relative à cette communication.`,
    templateIntro:
      "Pour vos prochaines communications, vous pouvez copier le formulaire ci-dessous dans le corps d'un message, remplir ce qui s'applique et l'envoyer à cette adresse : la communication est alors enregistrée aussitôt.",
  },
} as const;

/** What the State asked for, as the submission's circulation decision records it. */
function nextStep(submission: Pick<Submission, 'decisions' | 'items'>, language: WorkingLanguage): string {
  const text = words[language];
  if (submission.items.every((item) => item.kind === 'views')) return text.viewsOnly;
  return submission.decisions.circulate.value ? text.circulated : text.restrained;
}

export function acknowledgement(input: AcknowledgementInput): Acknowledgement {
  const text = words[input.language];
  const received = input.outcome === 'recorded' ? input.submission.receivedAt : input.receivedAt;
  const body =
    input.outcome === 'recorded'
      ? [
          text.reference(input.submission.reference),
          '',
          nextStep(input.submission, input.language),
          ...(input.submission.decisions.summarize.value ? [text.summarized] : []),
          text.choices(
            input.submission.decisions.circulate.value,
            input.submission.decisions.publishFullText.value,
            input.submission.decisions.summarize.value,
          ),
          ...(input.followUpDue ? ['', text.followUp(longDate(`${input.followUpDue}T12:00:00Z`, input.language))] : []),
        ]
      : [
          text.fileNumber(input.triageId),
          '',
          ...(input.formErrors && input.formErrors.length > 0
            ? [text.unreadableForm, ...formErrorLines(input.formErrors, input.language).map((line) => `  - ${line}`), text.unreadableFormAfter]
            : [text.notForm]),
        ];
  return {
    subject: input.outcome === 'recorded' ? text.recordedSubject(input.submission.reference) : text.awaitingSubject(input.triageId),
    text: [
      text.opening(longDate(received, input.language), input.subject),
      '',
      ...body,
      '',
      text.templateIntro,
      '',
      structuredTemplate(input.language),
      '',
    ].join('\n'),
  };
}
