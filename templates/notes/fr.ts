/**
 * Les notes verbales du Secrétariat en français. Placeholders are listed in
 * shape.ts; paragraph numbers always come from the cycle.
 *
 * Write ordinary spaces before « : ; ! ? » » and after « « »: they become non-breaking spaces
 * when the templates are registered (functions/core/notes/languages.ts), so that the texts here
 * stay readable.
 *
 * `{state}` and `{ofState}` carry their article ("la France", "du Kenya", "de Cuba"): write
 * "le Gouvernement {ofState}", never "de {state}".
 */
import type { NoteTemplates } from './shape.ts';

const replyChannels = "par courrier électronique à l'adresse {email} ou au moyen du formulaire en ligne accessible à l'adresse {uploadUrl}";

const measuresOf11b =
  "de faire rapport sur les mesures prises pour traduire l'auteur de la violation en justice, de communiquer en temps voulu le résultat final de la procédure engagée contre lui et de faire rapport sur les mesures adoptées pour empêcher que de telles violations ne se reproduisent";

/** The office as the Charter names it (Article 97): said of a Secretary-General who is a man, and when the cycle does not say who holds it. */
const titleOfTheOffice = {
  SG: 'Le Secrétaire général',
  sg: 'le Secrétaire général',
  toSg: 'au Secrétaire général',
  ofSg: 'du Secrétaire général',
  sgPronoun: 'celui-ci',
  he: 'il',
  his: 'ses',
  him: 'lui',
};

export const fr = {
  letterhead: 'UNITED NATIONS  NATIONS UNIES',
  // The office is feminine when a woman holds it; when the cycle does not say who holds it on the
  // note's date, the title of the office as the Charter writes it (Article 97).
  secretaryGeneral: {
    he: titleOfTheOffice,
    she: {
      SG: 'La Secrétaire générale',
      sg: 'la Secrétaire générale',
      toSg: 'à la Secrétaire générale',
      ofSg: 'de la Secrétaire générale',
      sgPronoun: 'celle-ci',
      he: 'elle',
      his: 'ses',
      him: 'lui',
    },
    unknown: titleOfTheOffice,
  },
  noteVerbaleHeading: 'Note verbale',
  internalNoticeHeading: 'Note interne',
  confidential: 'Confidentiel',
  enclosure: 'Pièce jointe',
  addresseeLine: 'Destinataire : {name}',
  dateLine: 'New York, le {date}',
  listItem: '{label} : {value}',
  topic: 'Protection des missions et des représentants diplomatiques et consulaires',
  months: ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'],
  resolutionTitles: {
    'Consideration of effective measures to enhance the protection, security and safety of diplomatic and consular missions and representatives':
      'Examen de mesures efficaces visant à renforcer la protection, la sécurité et la sûreté des missions et des représentants diplomatiques et consulaires',
  },
  labels: {
    place: 'Lieu',
    incidentDate: "Date de l'incident",
    description: 'Description',
    report: 'Référence du rapport',
  },
  opening: {
    representative:
      "{SG} de l'Organisation des Nations Unies présente ses compliments au Représentant permanent {ofState} auprès de l'Organisation des Nations Unies et a l'honneur de se référer à la résolution {resolution} de l'Assemblée générale, en date du {adoptedOn}, intitulée « {title} ».",
    observer:
      "{SG} de l'Organisation des Nations Unies présente ses compliments à l'Observateur permanent {ofState} auprès de l'Organisation des Nations Unies et a l'honneur de se référer à la résolution {resolution} de l'Assemblée générale, en date du {adoptedOn}, intitulée « {title} ».",
  },
  circular: {
    subject: '{topic} — rapports et vues attendus le {deadline} au plus tard',
    body: [
      "Au paragraphe {reporting} a) de cette résolution, l'Assemblée générale a prié tous les États de signaler {toSg}, de façon concise et rapide et conformément aux directives établies par {sgPronoun} (A/42/485, annexe), les violations graves de la protection, de la sécurité et de la sûreté des missions et des représentants diplomatiques et consulaires ainsi que des missions et des représentants jouissant du statut diplomatique auprès d'organisations internationales intergouvernementales. Au paragraphe {reporting} b), elle a prié l'État sur le territoire duquel la violation a eu lieu et, dans la mesure du possible, l'État où se trouve l'auteur présumé " +
        measuresOf11b +
        '.',
      "Conformément au paragraphe {circularNote} a) de la résolution, {sg} tient à rappeler cette demande à tous les États. Conformément au paragraphe {circularNote} b), les rapports reçus au titre du paragraphe {reporting} seront communiqués à tous les États dès leur réception, sauf demande contraire de l'État qui fait rapport ; l'État qui ne souhaite pas que son rapport soit communiqué est invité à le préciser lors de sa transmission.",
      'Conformément au paragraphe {views} de la résolution, {sg} invite également les États à lui faire connaître leurs vues sur toute mesure nécessaire ou déjà prise pour renforcer la protection, la sécurité et la sûreté des missions et des représentants diplomatiques et consulaires.',
      "Au paragraphe {reportRequest} de la résolution, l'Assemblée générale a prié {sg} de lui présenter, à sa {session} session, un rapport contenant notamment un résumé des rapports reçus et des vues exprimées.",
      '{SG} souhaiterait recevoir les éventuels rapports et vues le {deadline} au plus tard, ' + replyChannels + '.',
    ],
  },
  preDeadlineReminder: {
    subject: '{topic} — rappel : réponse attendue le {deadline} au plus tard',
    body: [
      "{SG} se réfère à sa note circulaire adressée aux États en application des paragraphes {circularNote} a) et {views} de la résolution, dans laquelle {he} leur rappelait la demande formulée au paragraphe {reporting} et les invitait à lui faire connaître leurs vues sur toute mesure nécessaire ou déjà prise pour renforcer la protection, la sécurité et la sûreté des missions et des représentants diplomatiques et consulaires. Les réponses sont attendues le {deadline} au plus tard, afin de pouvoir être prises en compte dans le rapport qu'{he} présentera à l'Assemblée générale à sa {session} session.",
      "D'après les informations dont dispose le Secrétariat, aucune réponse du Gouvernement {ofState} n'a encore été reçue. Une réponse indiquant qu'il n'y a rien à signaler serait également la bienvenue.",
      '{SG} souhaiterait recevoir les éventuels rapports ou vues le {deadline} au plus tard, ' + replyChannels + '.',
    ],
  },
  circulation: {
    subject: '{topic} — rapport {reportReference} reçu {ofReportingState}',
    transmittal:
      'En application du paragraphe {circularNote} b) de la résolution, {sg} communique ci-joint le rapport présenté par le Gouvernement {ofReportingState} au titre du paragraphe {reporting} de la résolution, par une note en date du {noteDate}, et enregistré par le Secrétariat sous la référence {reportReference}.',
    summaryIntroduction: 'Le rapport porte sur les éléments suivants :',
    closing: 'Le rapport est joint à la présente note dans la langue dans laquelle il a été présenté.',
  },
  attention: {
    subject: '{topic} — violation grave signalée au titre du paragraphe {reporting} a) ({reportReference})',
    subjectWithDueDate:
      '{topic} — violation grave signalée au titre du paragraphe {reporting} a) ({reportReference}) — réponse attendue le {dueDate} au plus tard',
    introduction:
      "En application du paragraphe {circularNote} c) de la résolution, {sg} appelle l'attention du Gouvernement {ofState} sur la procédure de présentation de rapports établie par la résolution, à propos d'une violation grave signalée par le Gouvernement {ofReportingState} au titre du paragraphe {reporting} a) dans une note en date du {noteDate}, enregistrée par le Secrétariat sous la référence {reportReference}.",
    introductionWithEnclosure:
      "En application du paragraphe {circularNote} c) de la résolution, {sg} appelle l'attention du Gouvernement {ofState} sur la procédure de présentation de rapports établie par la résolution, à propos d'une violation grave signalée par le Gouvernement {ofReportingState} au titre du paragraphe {reporting} a) dans une note en date du {noteDate}, enregistrée par le Secrétariat sous la référence {reportReference}. Copie du rapport est jointe à la présente note.",
    summaryIntroduction: 'Selon le rapport :',
    asTerritorialState:
      "La violation ayant eu lieu, selon le rapport, sur son territoire, le Gouvernement {ofState} est prié, au titre du paragraphe {reporting} a) de la résolution, d'en faire rapport {toSg} s'il ne l'a pas déjà fait et, au titre du paragraphe {reporting} b), " +
      measuresOf11b +
      '.',
    asStateWhereOffenderIsPresent:
      "L'auteur présumé de la violation se trouvant, selon le rapport, sur son territoire, le Gouvernement {ofState} est prié, dans la mesure du possible, au titre du paragraphe {reporting} b) de la résolution, " +
      measuresOf11b +
      '.',
    request: "{SG} souhaiterait recevoir ces informations dès qu'elles seront disponibles, " + replyChannels + '.',
    requestWithDueDate: '{SG} souhaiterait recevoir ces informations le {dueDate} au plus tard, ' + replyChannels + '.',
  },
  reminder: {
    subject: '{topic} — rappel : rapport attendu pour le {dueDate}',
    furtherSubject: '{topic} — {ordinal} rappel : rapport attendu pour le {dueDate}',
    introduction:
      "En application du paragraphe {circularNote} d) de la résolution, {sg} appelle l'attention du Gouvernement {ofState} sur un rapport qui reste attendu au sujet de la violation grave décrite ci-après :",
    furtherIntroduction:
      "En application du paragraphe {circularNote} d) de la résolution, {sg} se réfère à ses précédentes communications à ce sujet et constate avec préoccupation qu'un rapport reste attendu au sujet de la violation grave décrite ci-après :",
    owed: {
      'violation-report':
        "La violation ayant eu lieu, selon les informations reçues, sur son territoire, le Gouvernement {ofState} était prié, au titre du paragraphe {reporting} a) de la résolution, d'en faire rapport {toSg}. Ce rapport était attendu pour le {dueDate} et n'a pas encore été reçu.",
      'follow-up':
        "La violation ayant eu lieu, selon les informations reçues, sur son territoire, le Gouvernement {ofState} était prié, au titre du paragraphe {reporting} b) de la résolution, de faire rapport {toSg} sur les mesures prises pour traduire l'auteur de la violation en justice et sur les mesures adoptées pour empêcher que de telles violations ne se reproduisent. Ce rapport était attendu pour le {dueDate} et n'a pas encore été reçu.",
      'follow-up-outcome':
        "{SG} remercie le Gouvernement {ofState} du rapport qu'il a présenté au titre du paragraphe {reporting} b) de la résolution sur les mesures prises à la suite de cette violation. Le paragraphe {reporting} b) demande également que le résultat final de la procédure soit communiqué en temps voulu ; cette information était attendue pour le {dueDate} et n'a pas encore été reçue.",
    },
    request: '{SG} souhaiterait recevoir ce rapport dans les meilleurs délais, ' + replyChannels + '.',
    furtherRequest: '{SG} souhaiterait recevoir ce rapport à titre prioritaire, ' + replyChannels + '.',
  },
  withdrawal: {
    subject: '{topic} — retrait du rapport {reportReference}',
    body: '{SG} informe le Gouvernement {ofState} que la communication enregistrée par le Secrétariat sous la référence {reportReference}, qui lui a été communiquée en application du paragraphe {circularNote} b) de la résolution ou sur laquelle son attention a été appelée en application du paragraphe {circularNote} c), a été retirée par le Secrétariat. Il convient de ne pas en tenir compte : elle ne sera ni publiée ni prise en compte dans le rapport {ofSg}.',
  },
  notCirculated: {
    subject: 'Le rapport {reportReference} reçu {ofReportingState} ne sera pas communiqué',
    notice:
      "Le rapport reçu {ofReportingState} par une note en date du {noteDate} et enregistré sous la référence {reportReference} ne sera pas communiqué aux États au titre du paragraphe {circularNote} b) de la résolution {resolution} de l'Assemblée générale, l'État qui fait rapport ayant demandé qu'il ne le soit pas.",
    noticeViews:
      "La communication reçue {ofReportingState} par une note en date du {noteDate} et enregistrée sous la référence {reportReference} ne sera pas communiquée aux États : elle contient des vues au titre du paragraphe {views} de la résolution {resolution} de l'Assemblée générale, et le paragraphe {circularNote} b) ne prévoit la communication que des rapports présentés au titre du paragraphe {reporting}. Les vues sont résumées dans le rapport {ofSg}.",
    noticeSecretariat:
      "Le rapport reçu {ofReportingState} par une note en date du {noteDate} et enregistré sous la référence {reportReference} ne sera pas communiqué aux États au titre du paragraphe {circularNote} b) de la résolution {resolution} de l'Assemblée générale, sur décision du Secrétariat (voir l'historique du rapport pour le motif).",
    scope:
      "Cette décision ne concerne que la communication du rapport aux États : la publication de son texte intégral et son résumé dans le rapport {ofSg} présenté en application du paragraphe {reportRequest} font l'objet de décisions distinctes.",
  },
} as const satisfies NoteTemplates;
